package dev.andante.ingester.distributor;

/**
 * The outcome of one export request: how many spans were accepted and how many refused, and why.
 * When {@code rejectedSpans > 0} the receivers answer with an OTLP partial success carrying
 * {@code errorMessage}.
 *
 * @param acceptedSpans spans handed to the ingester
 * @param rejectedSpans spans refused because they were invalid
 * @param errorMessage why spans were refused, e.g. "3 spans refused: trace_id must be 16 bytes, got
 *     8"; empty when none were
 */
public record PushResult(int acceptedSpans, int rejectedSpans, String errorMessage) {
  public PushResult {
    if (acceptedSpans < 0 || rejectedSpans < 0) {
      throw new IllegalArgumentException(
          "span counts must not be negative, got " + acceptedSpans + " and " + rejectedSpans);
    }
    if (errorMessage == null) {
      throw new IllegalArgumentException("errorMessage must not be null");
    }
  }

  public static PushResult accepted(int spans) {
    return new PushResult(spans, 0, "");
  }

  public boolean isPartial() {
    return rejectedSpans > 0;
  }
}
