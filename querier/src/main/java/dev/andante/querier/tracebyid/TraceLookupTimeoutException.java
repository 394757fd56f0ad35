package dev.andante.querier.tracebyid;

/** A trace-by-ID lookup did not finish within the query timeout. */
public class TraceLookupTimeoutException extends RuntimeException {
  public TraceLookupTimeoutException(String message) {
    super(message);
  }
}
