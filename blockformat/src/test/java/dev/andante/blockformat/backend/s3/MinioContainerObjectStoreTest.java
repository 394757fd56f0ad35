package dev.andante.blockformat.backend.s3;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.andante.blockformat.backend.BackendContract;
import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.backend.S3Config;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The contract against MinIO in a container; skipped, saying why, without a Docker engine. */
class MinioContainerObjectStoreTest extends BackendContract {
  private static final Logger LOG = LoggerFactory.getLogger(MinioContainerObjectStoreTest.class);
  static final String IMAGE = "minio/minio:RELEASE.2025-09-07T16-13-09Z";
  private static MinIOContainer minio;
  private static String bucket;

  @BeforeAll
  static void startMinio() {
    boolean docker = DockerClientFactory.instance().isDockerAvailable();
    if (!docker) {
      LOG.warn("Skipping the MinIO container run: no Docker engine");
    }
    assumeTrue(docker, "no Docker engine: MinIO in a container needs one");
    minio = new MinIOContainer(IMAGE);
    minio.start();
    bucket = "andante-" + UUID.randomUUID().toString().substring(0, 8);
    try (S3Client admin = S3Client.builder()
        .endpointOverride(java.net.URI.create(minio.getS3URL()))
        .region(Region.of(S3Config.DEFAULT_REGION))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(minio.getUserName(), minio.getPassword())))
        .httpClientBuilder(ApacheHttpClient.builder())
        .build()) {
      admin.createBucket(b -> b.bucket(bucket));
    }
  }

  @AfterAll
  static void stopMinio() {
    if (minio != null) {
      minio.stop();
    }
  }

  @Override
  protected ObjectStore newStore() {
    S3Config config = new S3Config(bucket, "run-" + UUID.randomUUID(), minio.getS3URL(), S3Config.DEFAULT_REGION,
        minio.getUserName(), minio.getPassword(), true, true);
    return S3ObjectStore.create(config, S3ProxyServer.testOptions());
  }
}
