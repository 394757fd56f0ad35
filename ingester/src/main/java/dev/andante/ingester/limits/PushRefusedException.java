package dev.andante.ingester.limits;

import java.time.Duration;

/**
 * A whole push refused because of a limit or of back-pressure; the client should retry after
 * {@link #retryAfter()}. The receivers answer {@link RefusalReason#WAL_DISK_BUDGET} and {@link
 * RefusalReason#WAL_FAILURE} with UNAVAILABLE / 503, the tenant limits with RESOURCE_EXHAUSTED /
 * 429, both with the delay (Retry-After, RetryInfo).
 */
public final class PushRefusedException extends RuntimeException {
  private final RefusalReason reason;
  private final Duration retryAfter;
  private final int spans;

  public PushRefusedException(RefusalReason reason, int spans, Duration retryAfter, String message) {
    super(message);
    if (reason == null || retryAfter == null) {
      throw new IllegalArgumentException("reason and retryAfter must not be null");
    }
    this.reason = reason;
    this.spans = spans;
    this.retryAfter = retryAfter;
  }

  public RefusalReason reason() {
    return reason;
  }

  /** Spans of the push that were refused (all of them). */
  public int spans() {
    return spans;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whether the refusal is back-pressure from this ingester rather than a tenant limit. */
  public boolean isBackPressure() {
    return reason == RefusalReason.WAL_DISK_BUDGET
        || reason == RefusalReason.WAL_FAILURE
        || reason == RefusalReason.MEMORY_BUDGET;
  }
}
