package dev.andante.ingester.limits;

/**
 * Spans of one push refused for one reason.
 *
 * @param reason why
 * @param spans how many spans
 * @param message what to tell the client, e.g. "trace 4bf9… exceeds max_bytes_per_trace (5000000)"
 */
public record Refusal(RefusalReason reason, int spans, String message) {
  public Refusal {
    if (reason == null || message == null) {
      throw new IllegalArgumentException("reason and message must not be null");
    }
    if (spans < 0) {
      throw new IllegalArgumentException("spans must not be negative, got " + spans);
    }
  }
}
