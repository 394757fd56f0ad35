package dev.andante.querier.tracebyid;

import java.time.Instant;

/**
 * The time range a trace is looked for in; blocks entirely outside it are skipped. Either end may
 * be null, meaning unbounded.
 */
public record TimeRange(Instant start, Instant end) {
  public static final TimeRange UNBOUNDED = new TimeRange(null, null);

  public TimeRange {
    if (start != null && end != null && start.isAfter(end)) {
      throw new IllegalArgumentException("start (" + start + ") must not be after end (" + end + ")");
    }
  }
}
