package dev.andante.blockformat.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.backend.local.LocalObjectStore;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.backend.s3.S3ObjectStore;
import dev.andante.blockformat.backend.s3.S3ProxyServer;
import dev.andante.blockformat.encoding.BlockConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoresTest {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();
  @TempDir Path dir;

  private static StorageConfig storage(String backend, Path localPath, S3Config s3) {
    return new StorageConfig(backend, localPath, localPath, s3, BlockConfig.DEFAULT, Duration.ofMinutes(5));
  }

  @Test
  void opensTheLocalBackendByDefault() {
    try (ObjectStore store = ObjectStores.open(StorageConfig.DEFAULT.withLocalPath(dir.resolve("blocks")))) {
      assertThat(store).isInstanceOf(LocalObjectStore.class);
      store.verify();
      store.write("t/k", new byte[] {7});
      assertThat(dir.resolve("blocks/t/k")).exists();
    }
  }

  @Test
  void opensMemory() {
    try (ObjectStore store = ObjectStores.open(storage(StorageConfig.BACKEND_MEMORY, dir, S3Config.DEFAULT))) {
      assertThat(store).isInstanceOf(MemoryObjectStore.class);
    }
  }

  @Test
  void opensS3() {
    String bucket = S3.createBucket();
    try (ObjectStore store = ObjectStores.open(storage(StorageConfig.BACKEND_S3, dir, S3.config(bucket, "traces")))) {
      assertThat(store).isInstanceOf(S3ObjectStore.class);
      store.verify();
      store.write("t/k", new byte[] {7});
      assertThat(S3.client().headObject(b -> b.bucket(bucket).key("traces/t/k")).contentLength()).isEqualTo(1);
    }
  }

  @Test
  void s3NeedsABucket() {
    assertThatThrownBy(() -> ObjectStores.open(storage(StorageConfig.BACKEND_S3, dir, S3Config.DEFAULT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("storage.trace.s3.bucket");
  }
}
