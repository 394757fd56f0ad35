package dev.andante.ingester.limits;

import dev.andante.blockformat.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per tenant: {@code rateLimitBytes} tokens per second up to {@code burstSizeBytes}.
 * Local to this process (Tempo's "local" rate strategy), so N ingesters taking a tenant's traffic
 * allow N times its rate. Thread safe.
 */
public final class RateLimiter {
  private final Clock clock;
  private final ConcurrentMap<TenantId, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(Clock clock) {
    if (clock == null) {
      throw new IllegalArgumentException("clock must not be null");
    }
    this.clock = clock;
  }

  /**
   * Takes {@code bytes} from {@code tenant}'s bucket if it holds that many, and returns zero; else
   * takes nothing and returns how long until it will (at least a millisecond). A request larger
   * than the burst can never pass: that is reported by {@link #exceedsBurst}, not here.
   */
  public Duration tryAcquire(TenantId tenant, Limits limits, long bytes) {
    if (!limits.isRateLimited()) {
      return Duration.ZERO;
    }
    Bucket bucket = buckets.computeIfAbsent(tenant, t -> new Bucket(limits.burstSizeBytes(), nanos()));
    return bucket.tryAcquire(limits, bytes, nanos());
  }

  /** Whether {@code bytes} is more than {@code limits} ever lets through at once. */
  public static boolean exceedsBurst(Limits limits, long bytes) {
    return limits.isRateLimited() && bytes > limits.burstSizeBytes();
  }

  private long nanos() {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static final class Bucket {
    private double tokens;
    private long updatedNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedNanos = now;
    }

    synchronized Duration tryAcquire(Limits limits, long bytes, long now) {
      double rate = limits.rateLimitBytes();
      double burst = limits.burstSizeBytes();
      if (now > updatedNanos) {
        tokens = Math.min(burst, tokens + rate * (now - updatedNanos) / 1e9);
        updatedNanos = now;
      }
      tokens = Math.min(tokens, burst); // the burst may have been lowered by an overrides reload
      if (tokens >= bytes) {
        tokens -= bytes;
        return Duration.ZERO;
      }
      long waitNanos = (long) Math.ceil((bytes - tokens) / rate * 1e9);
      return Duration.ofNanos(Math.max(waitNanos, 1_000_000));
    }
  }
}
