package dev.andante.compactor;

import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.backend.s3.S3ObjectStore;
import dev.andante.blockformat.backend.s3.S3ProxyServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The compactor against a real S3 server (S3Proxy in process), each test under its own prefix. */
class S3ProxyCompactorTest extends CompactorContract {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();
  private static String bucket;

  @BeforeAll
  static void createBucket() {
    bucket = S3.createBucket();
  }

  @Override
  protected ObjectStore newStore() {
    return S3ObjectStore.create(S3.config(bucket, "run-" + UUID.randomUUID() + "/"), S3ProxyServer.testOptions());
  }
}
