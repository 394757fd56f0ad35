package dev.andante.blockformat.backend.s3;

import java.time.Duration;

/**
 * How the S3 backend talks to its server: timeouts, retries and multipart sizes. Not part of the
 * YAML config; the defaults suit AWS S3 and MinIO, and tests shorten the timeouts.
 *
 * @param connectTimeout how long to wait for a TCP connection
 * @param socketTimeout how long a connection may stay silent while a response is awaited or read
 * @param apiCallAttemptTimeout how long one attempt of a request (one HTTP exchange) may take
 * @param apiCallTimeout how long a request may take in all, retries and backoff included
 * @param maxAttempts attempts per request, the first included; throttling and 5xx answers and
 *     I/O errors are retried with jittered exponential backoff
 * @param multipartThresholdBytes objects longer than this are uploaded in parts
 * @param partSizeBytes size of each part but the last; one part is held in the heap per upload
 * @param maxConnections size of the HTTP connection pool
 */
public record S3Options(
    Duration connectTimeout,
    Duration socketTimeout,
    Duration apiCallAttemptTimeout,
    Duration apiCallTimeout,
    int maxAttempts,
    long multipartThresholdBytes,
    int partSizeBytes,
    int maxConnections) {
  /** S3 refuses parts below this size, except the last. */
  public static final int MIN_PART_SIZE_BYTES = 5 * 1024 * 1024;
  public static final int MAX_PARTS = 10_000;

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofMinutes(3);
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final long DEFAULT_MULTIPART_THRESHOLD_BYTES = 16L * 1024 * 1024;
  public static final int DEFAULT_PART_SIZE_BYTES = 16 * 1024 * 1024;
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  public static final S3Options DEFAULT =
      new S3Options(
          DEFAULT_CONNECT_TIMEOUT,
          DEFAULT_SOCKET_TIMEOUT,
          DEFAULT_API_CALL_ATTEMPT_TIMEOUT,
          DEFAULT_API_CALL_TIMEOUT,
          DEFAULT_MAX_ATTEMPTS,
          DEFAULT_MULTIPART_THRESHOLD_BYTES,
          DEFAULT_PART_SIZE_BYTES,
          DEFAULT_MAX_CONNECTIONS);

  public S3Options {
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(socketTimeout, "socketTimeout");
    requirePositive(apiCallAttemptTimeout, "apiCallAttemptTimeout");
    requirePositive(apiCallTimeout, "apiCallTimeout");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (partSizeBytes < MIN_PART_SIZE_BYTES) {
      throw new IllegalArgumentException(
          "partSizeBytes must be at least " + MIN_PART_SIZE_BYTES + " (S3's minimum), got " + partSizeBytes);
    }
    if (multipartThresholdBytes < partSizeBytes) {
      throw new IllegalArgumentException(
          "multipartThresholdBytes must be at least partSizeBytes (" + partSizeBytes + "), got "
              + multipartThresholdBytes);
    }
    if (multipartThresholdBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "multipartThresholdBytes must fit in one buffer (< 2 GiB), got " + multipartThresholdBytes);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
    }
  }

  /** These options with other timeouts and attempts, e.g. short ones for tests. */
  public S3Options withTimeouts(Duration connect, Duration apiCall, int attempts) {
    return new S3Options(
        connect, apiCall, apiCall, apiCall, attempts, multipartThresholdBytes, partSizeBytes, maxConnections);
  }

  /** These options with objects above {@code thresholdBytes} uploaded in parts of {@code partBytes}. */
  public S3Options withMultipart(long thresholdBytes, int partBytes) {
    return new S3Options(
        connectTimeout, socketTimeout, apiCallAttemptTimeout, apiCallTimeout, maxAttempts, thresholdBytes, partBytes,
        maxConnections);
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
