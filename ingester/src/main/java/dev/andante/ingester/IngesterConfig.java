package dev.andante.ingester;

import dev.andante.ingester.wal.WalConfig;
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
 * @param traceLivePeriod a trace still receiving spans after this long is moved to the head block
 *     anyway ({@code ingester.trace_live_period}), so a trace that never goes idle is still cut
 *     into a block and its WAL segments can be deleted
 * @param wal the write-ahead log's fsync policy and segment size ({@code storage.trace.wal.*})
 * @param walDiskBudgetBytes once the WAL takes this many bytes on disk (blocks not flushing, e.g.
 *     the object store is down), pushes are refused as UNAVAILABLE / 503 until it shrinks ({@code
 *     ingester.wal_disk_budget_bytes})
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
    int maxRequestBytes,
    Duration traceLivePeriod,
    WalConfig wal,
    long walDiskBudgetBytes,
    long maxMemoryBytes) {
  public static final String DEFAULT_OTLP_GRPC_ENDPOINT = "0.0.0.0:4317";
  public static final String DEFAULT_OTLP_HTTP_ENDPOINT = "0.0.0.0:4318";
  public static final Duration DEFAULT_TRACE_IDLE_PERIOD = Duration.ofSeconds(5);
  public static final Duration DEFAULT_MAX_BLOCK_DURATION = Duration.ofMinutes(30);
  public static final long DEFAULT_MAX_BLOCK_BYTES = 500L * 1024 * 1024;
  public static final Duration DEFAULT_COMPLETE_BLOCK_TIMEOUT = Duration.ofMinutes(15);
  public static final Duration DEFAULT_FLUSH_CHECK_PERIOD = Duration.ofSeconds(1);
  public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;
  public static final Duration DEFAULT_TRACE_LIVE_PERIOD = DEFAULT_MAX_BLOCK_DURATION;
  public static final long DEFAULT_WAL_DISK_BUDGET_BYTES = 8L * 1024 * 1024 * 1024;
  /** {@code ingester.max_memory_bytes} when unset: a share of the JVM's heap, see {@link #memoryBudget()}. */
  public static final long AUTO_MAX_MEMORY_BYTES = 0;
  /** Share of the JVM's maximum heap the held spans may take when {@code max_memory_bytes} is unset. */
  public static final double AUTO_MEMORY_SHARE = 0.4;

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
          DEFAULT_MAX_REQUEST_BYTES,
          DEFAULT_TRACE_LIVE_PERIOD,
          WalConfig.DEFAULT,
          DEFAULT_WAL_DISK_BUDGET_BYTES,
          AUTO_MAX_MEMORY_BYTES);

  /** The settings before the memory budget existed; it is then a share of the heap. */
  public IngesterConfig(
      String otlpGrpcEndpoint,
      String otlpHttpEndpoint,
      boolean multitenancyEnabled,
      Duration traceIdlePeriod,
      Duration maxBlockDuration,
      long maxBlockBytes,
      Duration completeBlockTimeout,
      Duration flushCheckPeriod,
      int maxRequestBytes,
      Duration traceLivePeriod,
      WalConfig wal,
      long walDiskBudgetBytes) {
    this(
        otlpGrpcEndpoint, otlpHttpEndpoint, multitenancyEnabled, traceIdlePeriod, maxBlockDuration, maxBlockBytes,
        completeBlockTimeout, flushCheckPeriod, maxRequestBytes, traceLivePeriod, wal, walDiskBudgetBytes,
        AUTO_MAX_MEMORY_BYTES);
  }

  /** The settings before the WAL and trace-live keys existed; those take their defaults. */
  public IngesterConfig(
      String otlpGrpcEndpoint,
      String otlpHttpEndpoint,
      boolean multitenancyEnabled,
      Duration traceIdlePeriod,
      Duration maxBlockDuration,
      long maxBlockBytes,
      Duration completeBlockTimeout,
      Duration flushCheckPeriod,
      int maxRequestBytes) {
    this(
        otlpGrpcEndpoint,
        otlpHttpEndpoint,
        multitenancyEnabled,
        traceIdlePeriod,
        maxBlockDuration,
        maxBlockBytes,
        completeBlockTimeout,
        flushCheckPeriod,
        maxRequestBytes,
        DEFAULT_TRACE_LIVE_PERIOD,
        WalConfig.DEFAULT,
        DEFAULT_WAL_DISK_BUDGET_BYTES);
  }

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
    requirePositive(traceLivePeriod, "ingester.trace_live_period");
    if (wal == null) {
      throw new IllegalArgumentException("storage.trace.wal must not be null");
    }
    if (walDiskBudgetBytes < 2 * wal.segmentBytes()) {
      throw new IllegalArgumentException(
          "ingester.wal_disk_budget_bytes must be at least twice storage.trace.wal.segment_bytes ("
              + 2 * wal.segmentBytes() + "), got " + walDiskBudgetBytes);
    }
    if (maxMemoryBytes < 0) {
      throw new IllegalArgumentException(
          "ingester.max_memory_bytes must be 0 (a share of the heap) or positive, got " + maxMemoryBytes);
    }
  }

  /**
   * How many bytes of spans (protobuf size) the ingester holds in memory before it refuses pushes:
   * {@code max_memory_bytes}, or when that is 0, {@value #AUTO_MEMORY_SHARE} of the JVM's maximum heap.
   */
  public long memoryBudget() {
    return maxMemoryBytes > 0 ? maxMemoryBytes : (long) (Runtime.getRuntime().maxMemory() * AUTO_MEMORY_SHARE);
  }

  public IngesterConfig withMaxMemoryBytes(long bytes) {
    return new IngesterConfig(
        otlpGrpcEndpoint, otlpHttpEndpoint, multitenancyEnabled, traceIdlePeriod, maxBlockDuration, maxBlockBytes,
        completeBlockTimeout, flushCheckPeriod, maxRequestBytes, traceLivePeriod, wal, walDiskBudgetBytes, bytes);
  }

  public IngesterConfig withWal(WalConfig w) {
    return new IngesterConfig(
        otlpGrpcEndpoint, otlpHttpEndpoint, multitenancyEnabled, traceIdlePeriod, maxBlockDuration, maxBlockBytes,
        completeBlockTimeout, flushCheckPeriod, maxRequestBytes, traceLivePeriod, w, walDiskBudgetBytes, maxMemoryBytes);
  }

  public IngesterConfig withWalDiskBudgetBytes(long bytes) {
    return new IngesterConfig(
        otlpGrpcEndpoint, otlpHttpEndpoint, multitenancyEnabled, traceIdlePeriod, maxBlockDuration, maxBlockBytes,
        completeBlockTimeout, flushCheckPeriod, maxRequestBytes, traceLivePeriod, wal, bytes, maxMemoryBytes);
  }

  public IngesterConfig withTraceLivePeriod(Duration period) {
    return new IngesterConfig(
        otlpGrpcEndpoint, otlpHttpEndpoint, multitenancyEnabled, traceIdlePeriod, maxBlockDuration, maxBlockBytes,
        completeBlockTimeout, flushCheckPeriod, maxRequestBytes, period, wal, walDiskBudgetBytes, maxMemoryBytes);
  }

  static void requirePositive(Duration d, String key) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be a positive duration, got " + d);
    }
  }
}
