package dev.andante.deploy.cluster;

/**
 * Too few owners of some trace answered a push or lookup: the client should retry (the receivers
 * answer UNAVAILABLE / 503).
 */
public final class RingUnavailableException extends RuntimeException {
  public RingUnavailableException(String message) {
    super(message);
  }

  public RingUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
