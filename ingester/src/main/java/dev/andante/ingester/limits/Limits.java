package dev.andante.ingester.limits;

import java.time.Duration;

/**
 * One tenant's limits ({@code overrides.defaults.*}, or a tenant's entry in the per-tenant overrides
 * file). A zero limit is no limit, as in Tempo.
 *
 * @param rateLimitBytes bytes per second a tenant may push, refilled continuously ({@code
 *     ingestion.rate_limit_bytes}); enforced per ingester process (Tempo's "local" strategy: with
 *     several distributors each one allows this much, so the cluster allows a multiple of it)
 * @param burstSizeBytes bytes a tenant may push at once after being idle ({@code
 *     ingestion.burst_size_bytes}); a request larger than this is never accepted
 * @param maxTracesPerUser traces a tenant may have live (still receiving spans) in one ingester
 *     ({@code ingestion.max_traces_per_user}); spans of new traces past it are refused
 * @param maxBytesPerTrace bytes one trace may take in an ingester's memory ({@code
 *     global.max_bytes_per_trace}); spans past it are refused
 * @param blockRetention how long this tenant's blocks are kept ({@code compaction.block_retention});
 *     zero means the compactor's default
 */
public record Limits(
    long rateLimitBytes, long burstSizeBytes, int maxTracesPerUser, long maxBytesPerTrace, Duration blockRetention) {
  public static final long DEFAULT_RATE_LIMIT_BYTES = 15_000_000;
  public static final long DEFAULT_BURST_SIZE_BYTES = 20_000_000;
  public static final int DEFAULT_MAX_TRACES_PER_USER = 10_000;
  public static final long DEFAULT_MAX_BYTES_PER_TRACE = 5_000_000;

  public static final Limits DEFAULT =
      new Limits(
          DEFAULT_RATE_LIMIT_BYTES, DEFAULT_BURST_SIZE_BYTES, DEFAULT_MAX_TRACES_PER_USER, DEFAULT_MAX_BYTES_PER_TRACE,
          Duration.ZERO);

  /** No limit at all. */
  public static final Limits UNLIMITED = new Limits(0, 0, 0, 0, Duration.ZERO);

  public Limits {
    requireNotNegative(rateLimitBytes, "ingestion.rate_limit_bytes");
    requireNotNegative(burstSizeBytes, "ingestion.burst_size_bytes");
    requireNotNegative(maxTracesPerUser, "ingestion.max_traces_per_user");
    requireNotNegative(maxBytesPerTrace, "global.max_bytes_per_trace");
    if (blockRetention == null || blockRetention.isNegative()) {
      throw new IllegalArgumentException("compaction.block_retention must not be negative, got " + blockRetention);
    }
    if (rateLimitBytes > 0 && burstSizeBytes == 0) {
      throw new IllegalArgumentException(
          "ingestion.burst_size_bytes must be positive when ingestion.rate_limit_bytes is set (" + rateLimitBytes + ")");
    }
  }

  public boolean isRateLimited() {
    return rateLimitBytes > 0;
  }

  private static void requireNotNegative(long value, String key) {
    if (value < 0) {
      throw new IllegalArgumentException(key + " must not be negative, got " + value);
    }
  }
}
