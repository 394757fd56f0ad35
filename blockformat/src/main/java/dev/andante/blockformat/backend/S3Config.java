package dev.andante.blockformat.backend;

/**
 * The S3 backend's settings ({@code storage.trace.s3}). Without {@code accessKey} and {@code
 * secretKey} the SDK's default credential chain is used.
 *
 * @param bucket bucket name
 * @param prefix key prefix inside the bucket, empty for none
 * @param endpoint {@code host:port} or a URL; empty for AWS's regional endpoint
 * @param region signing region
 * @param accessKey static access key, or empty
 * @param secretKey static secret key, or empty
 * @param insecure use http rather than https when {@code endpoint} has no scheme
 * @param forcePathStyle address the bucket as a path ({@code host/bucket/key}), as MinIO expects
 */
public record S3Config(
    String bucket,
    String prefix,
    String endpoint,
    String region,
    String accessKey,
    String secretKey,
    boolean insecure,
    boolean forcePathStyle) {
  public static final String DEFAULT_REGION = "us-east-1";
  public static final S3Config DEFAULT = new S3Config("", "", "", DEFAULT_REGION, "", "", false, false);

  @Override
  public String toString() {
    // Never print the secret.
    return "S3Config[bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + endpoint + ", region=" + region
        + ", accessKey=" + (accessKey.isEmpty() ? "" : "***") + ", insecure=" + insecure
        + ", forcePathStyle=" + forcePathStyle + "]";
  }
}
