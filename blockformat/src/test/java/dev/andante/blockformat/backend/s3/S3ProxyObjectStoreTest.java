package dev.andante.blockformat.backend.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.blockformat.backend.BackendContract;
import dev.andante.blockformat.backend.ObjectStore;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real S3 server (S3Proxy, in process), each test under its own key prefix. */
class S3ProxyObjectStoreTest extends BackendContract {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();
  private static String bucket;
  private String prefix;

  @BeforeAll
  static void createBucket() {
    bucket = S3.createBucket();
  }

  @Override
  protected ObjectStore newStore() {
    prefix = "run-" + UUID.randomUUID() + "/";
    return S3ObjectStore.create(S3.config(bucket, prefix), S3ProxyServer.testOptions());
  }

  @Test
  void keysLiveUnderThePrefix() {
    store.write("t/b/meta.json", new byte[3]);

    assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents())
        .extracting(o -> o.key())
        .containsExactly(prefix + "t/b/meta.json");
  }

  @Test
  void worksWithoutAPrefix() {
    String own = S3.createBucket();
    try (ObjectStore bare = S3ObjectStore.create(S3.config(own), S3ProxyServer.testOptions())) {
      bare.verify();
      bare.write("t/b/meta.json", new byte[] {1, 2});
      bare.write("t/c/meta.json", new byte[] {3});

      assertThat(bare.listFolders("")).containsExactly("t");
      assertThat(bare.listFolders("t/")).containsExactly("b", "c");
      assertThat(bare.readRange("t/b/meta.json", 1, 1)).containsExactly(2);
      assertThat(S3.client().headObject(b -> b.bucket(own).key("t/b/meta.json")).contentLength()).isEqualTo(2);
    }
  }

  @Test
  void largeObjectsGoUpInParts() {
    long length = 11L * 1024 * 1024;
    store.write("t/parts", new dev.andante.blockformat.backend.GeneratedData(9).stream(length), length);

    String eTag = S3.client().headObject(b -> b.bucket(bucket).key(prefix + "t/parts")).eTag();
    assertThat(eTag).as("a multipart ETag ends in -<parts>").endsWith("-3\"");
    assertThat(S3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }
}
