package dev.andante.blockformat.backend;

import dev.andante.blockformat.backend.local.LocalObjectStore;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.backend.s3.S3ObjectStore;
import dev.andante.blockformat.backend.s3.S3Options;

/** Opens the object store that {@code storage.trace.backend} names. */
public final class ObjectStores {
  private ObjectStores() {}

  /**
   * The store of {@code config}: {@code local} (a directory tree at {@code localPath}), {@code s3}
   * (the bucket of {@code s3}, default {@link S3Options}) or {@code memory} (a new, empty one).
   * Makes no request; call {@link ObjectStore#verify()} at start-up to fail early with a clear cause.
   */
  public static ObjectStore open(StorageConfig config) {
    return open(config, S3Options.DEFAULT);
  }

  /** As {@link #open(StorageConfig)}, with the S3 client's timeouts, retries and part sizes. */
  public static ObjectStore open(StorageConfig config, S3Options s3Options) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    return switch (config.backend()) {
      case StorageConfig.BACKEND_LOCAL -> {
        if (config.localPath() == null) {
          throw new IllegalArgumentException("storage.trace.local.path must be set for the local backend");
        }
        yield new LocalObjectStore(config.localPath());
      }
      case StorageConfig.BACKEND_S3 -> {
        if (config.s3() == null) {
          throw new IllegalArgumentException("storage.trace.s3 must be set for the s3 backend");
        }
        yield S3ObjectStore.create(config.s3(), s3Options);
      }
      case StorageConfig.BACKEND_MEMORY -> new MemoryObjectStore();
      default -> throw new IllegalArgumentException(
          "storage.trace.backend must be 'local', 's3' or 'memory', got '" + config.backend() + "'");
    };
  }
}
