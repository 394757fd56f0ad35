package dev.andante.ingester;

import java.time.Duration;

/**
 * The ingester and distributor settings ({@code ingester.*}, {@code distributor.receivers.otlp.*}).
 *
 * @param otlpGrpcEndpoint {@code host:port} of the OTLP/gRPC receiver
 * @param otlpHttpEndpoint {@code host:port} of the OTLP/HTTP receiver
 * @param multitenancyEnabled take the tenant from {@code X-Scope-OrgID} (required) instead of
 *     using {@code single-tenant}
 * @param traceIdlePeriod a trace that received no span for this long is complete
 * @param maxBlockDuration a block is cut once its oldest trace has waited this long
 * @param maxBlockBytes a block is cut once its traces take this many bytes
 * @param completeBlockTimeout how long a flushed block stays served by the ingester, so that
 *     queriers see it before their next block-list poll
 * @param flushCheckPeriod how often idle traces and due blocks are looked for
 * @param maxRequestBytes largest OTLP request body accepted, after decompression
 */
public record IngesterConfig(
    String otlpGrpcEndpoint,
    String otlpHttpEndpoint,
    boolean multitenancyEnabled,
    Duration traceIdlePeriod,
    Duration maxBlockDuration,
    long maxBlockBytes,
    Duration completeBlockTimeout,
    Duration flushCheckPeriod,
    int maxRequestBytes) {
  public static final String DEFAULT_OTLP_GRPC_ENDPOINT = "0.0.0.0:4317";
  public static final String DEFAULT_OTLP_HTTP_ENDPOINT = "0.0.0.0:4318";
  public static final Duration DEFAULT_TRACE_IDLE_PERIOD = Duration.ofSeconds(5);
  public static final Duration DEFAULT_MAX_BLOCK_DURATION = Duration.ofMinutes(30);
  public static final long DEFAULT_MAX_BLOCK_BYTES = 500L * 1024 * 1024;
  public static final Duration DEFAULT_COMPLETE_BLOCK_TIMEOUT = Duration.ofMinutes(15);
  public static final Duration DEFAULT_FLUSH_CHECK_PERIOD = Duration.ofSeconds(1);
  public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;

  public static final IngesterConfig DEFAULT =
      new IngesterConfig(
          DEFAULT_OTLP_GRPC_ENDPOINT,
          DEFAULT_OTLP_HTTP_ENDPOINT,
          false,
          DEFAULT_TRACE_IDLE_PERIOD,
          DEFAULT_MAX_BLOCK_DURATION,
          DEFAULT_MAX_BLOCK_BYTES,
          DEFAULT_COMPLETE_BLOCK_TIMEOUT,
          DEFAULT_FLUSH_CHECK_PERIOD,
          DEFAULT_MAX_REQUEST_BYTES);

  public IngesterConfig {
    requirePositive(traceIdlePeriod, "ingester.trace_idle_period");
    requirePositive(maxBlockDuration, "ingester.max_block_duration");
    requirePositive(completeBlockTimeout, "ingester.complete_block_timeout");
    requirePositive(flushCheckPeriod, "ingester.flush_check_period");
    if (maxBlockBytes <= 0) {
      throw new IllegalArgumentException("ingester.max_block_bytes must be positive, got " + maxBlockBytes);
    }
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException(
          "distributor.max_request_bytes must be positive, got " + maxRequestBytes);
    }
  }

  static void requirePositive(Duration d, String key) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be a positive duration, got " + d);
    }
  }
}
