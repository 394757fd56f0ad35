package dev.andante.compactor.crash;

import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.backend.s3.S3ObjectStore;
import dev.andante.blockformat.backend.s3.S3ProxyServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kill test against S3Proxy, which runs in this JVM and outlives the killed child. */
class S3ProxyCompactorKillTest extends CompactorKillContract {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();
  private static String bucket;

  @BeforeAll
  static void createBucket() {
    bucket = S3.createBucket();
  }

  @Override
  protected ObjectStore newStore() {
    return S3ObjectStore.create(S3.config(bucket, "kill/"), S3ProxyServer.testOptions());
  }

  @Override
  protected String childStoreSpec() {
    return "s3:" + S3.endpoint() + "|" + bucket + "|kill/";
  }
}
