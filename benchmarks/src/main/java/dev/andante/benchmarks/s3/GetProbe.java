package dev.andante.benchmarks.s3;

import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.ObjectStore;

/**
 * The floor under every lookup: the latency of one GET of a small object (a bloom shard) and of
 * one ranged GET of a few bytes, repeated. Lookup latencies are best read as multiples of these.
 */
final class GetProbe {
  private static final int REPEATS = 100;

  /** Latency in microseconds of whole GETs of a bloom shard, and of 16-byte ranged GETs of data. */
  record Result(String backend, long objectBytes, Distribution wholeGet, Distribution rangedGet) {}

  private GetProbe() {}

  static Result run(String backendName, ObjectStore store, BlockMeta meta) {
    String bloom = BlockKeys.bloom(meta.tenant(), meta.blockId(), 0);
    String data = BlockKeys.key(meta.tenant(), meta.blockId(), BlockKeys.DATA);
    long[] whole = new long[REPEATS];
    long[] ranged = new long[REPEATS];
    long bytes = 0;
    for (int i = 0; i < REPEATS; i++) {
      long start = System.nanoTime();
      bytes = store.read(bloom).length;
      whole[i] = (System.nanoTime() - start) / 1_000;
      start = System.nanoTime();
      store.readRange(data, 4 + 16L * i, 16);
      ranged[i] = (System.nanoTime() - start) / 1_000;
    }
    return new Result(backendName, bytes, Distribution.of(whole), Distribution.of(ranged));
  }
}
