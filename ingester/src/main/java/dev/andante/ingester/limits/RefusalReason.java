package dev.andante.ingester.limits;

/** Why spans were refused; {@link #label()} is the {@code reason} label of the discarded-spans counter. */
public enum RefusalReason {
  /** A span's IDs are malformed. */
  INVALID_SPAN("invalid_span"),
  /** The tenant pushed faster than its ingestion rate and burst allow. */
  RATE_LIMITED("rate_limited"),
  /** The trace already takes its tenant's max bytes per trace. */
  TRACE_TOO_LARGE("trace_too_large"),
  /** A new trace would pass the tenant's max live traces. */
  LIVE_TRACES_EXCEEDED("live_traces_exceeded"),
  /** The write-ahead log has used its disk budget (blocks are not being flushed). */
  WAL_DISK_BUDGET("wal_disk_budget_exceeded"),
  /** The spans held in memory reached {@code ingester.max_memory_bytes} (blocks are written too slowly). */
  MEMORY_BUDGET("memory_budget_exceeded"),
  /** The write-ahead log could not be written. */
  WAL_FAILURE("wal_failure");

  private final String label;

  RefusalReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
