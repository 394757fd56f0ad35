package dev.andante.blockformat.backend.s3;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.andante.blockformat.backend.BackendContract;
import dev.andante.blockformat.backend.ObjectStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The contract against MinIO run from a local binary; skipped, saying why, when there is none. */
class MinioProcessObjectStoreTest extends BackendContract {
  private static final Logger LOG = LoggerFactory.getLogger(MinioProcessObjectStoreTest.class);
  @TempDir static Path workDir;
  private static MinioServer minio;
  private static String bucket;

  @BeforeAll
  static void startMinio() throws Exception {
    Optional<Path> binary = MinioServer.findBinary();
    if (binary.isEmpty()) {
      LOG.warn("Skipping the MinIO process run: no minio binary ({}, PATH, ~/go/bin)", MinioServer.BINARY_ENV);
    }
    assumeTrue(binary.isPresent(),
        "no minio binary: set " + MinioServer.BINARY_ENV + " or put minio on the PATH to run this suite");
    minio = MinioServer.start(binary.get(), workDir);
    bucket = minio.createBucket();
    LOG.info("MinIO {} on {}", binary.get(), minio.endpoint());
  }

  @AfterAll
  static void stopMinio() {
    if (minio != null) {
      minio.close();
    }
  }

  @Override
  protected ObjectStore newStore() {
    return S3ObjectStore.create(minio.config(bucket, "run-" + UUID.randomUUID()), S3ProxyServer.testOptions());
  }
}
