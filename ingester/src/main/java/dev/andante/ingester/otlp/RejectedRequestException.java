package dev.andante.ingester.otlp;

/**
 * An export request refused as a whole, with the reason to send back. Each receiver translates
 * the {@link Reason} once into its protocol's status (HTTP code, gRPC status).
 */
public final class RejectedRequestException extends RuntimeException {

  /** Why a whole request was refused. */
  public enum Reason {
    /** The body is not a decodable ExportTraceServiceRequest. */
    MALFORMED,
    /** No valid tenant although multitenancy requires one. */
    UNAUTHENTICATED,
    /** The body exceeds the largest request accepted. */
    TOO_LARGE,
    /** A compression the receiver cannot decode. */
    UNSUPPORTED_ENCODING
  }

  private final Reason reason;

  public RejectedRequestException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RejectedRequestException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
