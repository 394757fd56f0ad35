package dev.andante.benchmarks.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Bytes the blocks take in the store, by object kind, from the files under a block directory (the
 * local backend's, or S3Proxy's bucket directory, which keeps one file per object).
 */
record StoreUsage(long files, long totalBytes, long parquetBytes, long bloomBytes, long otherBytes) {

  static StoreUsage of(Path root) {
    if (!Files.isDirectory(root)) {
      return new StoreUsage(0, 0, 0, 0, 0);
    }
    long[] sums = new long[5];
    try (Stream<Path> paths = Files.walk(root)) {
      paths.filter(Files::isRegularFile).forEach(p -> {
        long size = size(p);
        String name = p.getFileName().toString();
        sums[0]++;
        sums[1] += size;
        if (name.equals("data.parquet")) {
          sums[2] += size;
        } else if (name.startsWith("bloom")) {
          sums[3] += size;
        } else {
          sums[4] += size;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot measure store usage: " + e.getMessage() + " (" + root + ")", e);
    }
    return new StoreUsage(sums[0], sums[1], sums[2], sums[3], sums[4]);
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
