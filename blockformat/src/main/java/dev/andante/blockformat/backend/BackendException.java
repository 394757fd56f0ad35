package dev.andante.blockformat.backend;

/** An object-store operation failed. Backends translate their client's exceptions into this, once. */
public class BackendException extends RuntimeException {
  public BackendException(String message) {
    super(message);
  }

  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
