package dev.andante.blockformat.backend;

import dev.andante.blockformat.encoding.BlockConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how traces are stored ({@code storage.trace}).
 *
 * @param backend {@code local} or {@code s3}
 * @param localPath root directory of the local backend ({@code storage.trace.local.path})
 * @param walPath directory of the ingester's write-ahead log ({@code storage.trace.wal.path})
 * @param s3 the S3 backend's settings, used when {@code backend} is {@code s3}
 * @param block how blocks are encoded
 * @param blocklistPoll how often queriers and compactors re-read the block list
 */
public record StorageConfig(
    String backend, Path localPath, Path walPath, S3Config s3, BlockConfig block, Duration blocklistPoll) {
  public static final String BACKEND_LOCAL = "local";
  public static final String BACKEND_S3 = "s3";
  public static final String BACKEND_MEMORY = "memory";
  public static final Path DEFAULT_LOCAL_PATH = Path.of("data", "blocks");
  public static final Path DEFAULT_WAL_PATH = Path.of("data", "wal");
  public static final Duration DEFAULT_BLOCKLIST_POLL = Duration.ofMinutes(5);

  public static final StorageConfig DEFAULT =
      new StorageConfig(
          BACKEND_LOCAL, DEFAULT_LOCAL_PATH, DEFAULT_WAL_PATH, S3Config.DEFAULT, BlockConfig.DEFAULT, DEFAULT_BLOCKLIST_POLL);

  public StorageConfig {
    if (!BACKEND_LOCAL.equals(backend) && !BACKEND_S3.equals(backend) && !BACKEND_MEMORY.equals(backend)) {
      throw new IllegalArgumentException(
          "storage.trace.backend must be 'local' or 's3', got '" + backend + "'");
    }
    if (blocklistPoll == null || blocklistPoll.isNegative() || blocklistPoll.isZero()) {
      throw new IllegalArgumentException("storage.trace.blocklist_poll must be positive, got " + blocklistPoll);
    }
  }

  public StorageConfig withLocalPath(Path path) {
    return new StorageConfig(backend, path, walPath, s3, block, blocklistPoll);
  }

  public StorageConfig withWalPath(Path path) {
    return new StorageConfig(backend, localPath, path, s3, block, blocklistPoll);
  }
}
