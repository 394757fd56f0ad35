package dev.andante.blockformat.backend.s3;

import dev.andante.blockformat.backend.S3Config;
import java.net.URI;
import java.net.URISyntaxException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the SDK client from {@link S3Config} and {@link S3Options}. */
final class S3Clients {
  private static final java.time.Duration BACKOFF_BASE = java.time.Duration.ofMillis(100);
  private static final java.time.Duration BACKOFF_MAX = java.time.Duration.ofSeconds(5);
  private static final java.time.Duration THROTTLING_BACKOFF_BASE = java.time.Duration.ofMillis(500);
  private static final java.time.Duration THROTTLING_BACKOFF_MAX = java.time.Duration.ofSeconds(20);

  private S3Clients() {}

  static S3Client build(S3Config config, S3Options options) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(config.region().isBlank() ? S3Config.DEFAULT_REGION : config.region()))
            .forcePathStyle(config.forcePathStyle())
            .credentialsProvider(credentials(config))
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(options.connectTimeout())
                    .socketTimeout(options.socketTimeout())
                    .connectionAcquisitionTimeout(options.apiCallTimeout())
                    .maxConnections(options.maxConnections()))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .apiCallAttemptTimeout(options.apiCallAttemptTimeout())
                    .apiCallTimeout(options.apiCallTimeout())
                    .retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(options.maxAttempts())
                            .backoffStrategy(BackoffStrategy.exponentialDelay(BACKOFF_BASE, BACKOFF_MAX))
                            .throttlingBackoffStrategy(
                                BackoffStrategy.exponentialDelay(THROTTLING_BACKOFF_BASE, THROTTLING_BACKOFF_MAX))
                            .build())
                    .build());
    URI endpoint = endpoint(config);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  /** The endpoint to use instead of AWS's, or null for AWS's regional endpoint. */
  static URI endpoint(S3Config config) {
    String endpoint = config.endpoint() == null ? "" : config.endpoint().trim();
    if (endpoint.isEmpty()) {
      return null;
    }
    String url = endpoint.contains("://") ? endpoint : (config.insecure() ? "http://" : "https://") + endpoint;
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("storage.trace.s3.endpoint has no host: '" + endpoint + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("storage.trace.s3.endpoint is not a valid URL: '" + endpoint + "'", e);
    }
  }

  private static AwsCredentialsProvider credentials(S3Config config) {
    boolean hasAccessKey = config.accessKey() != null && !config.accessKey().isEmpty();
    boolean hasSecretKey = config.secretKey() != null && !config.secretKey().isEmpty();
    if (hasAccessKey != hasSecretKey) {
      throw new IllegalArgumentException(
          "storage.trace.s3.access_key and storage.trace.s3.secret_key must be set together, or neither to use the"
              + " default credential chain");
    }
    if (hasAccessKey) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
