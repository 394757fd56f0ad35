package dev.andante.blockformat.backend;

/** The object (or block) asked for does not exist. */
public class NotFoundException extends BackendException {
  public NotFoundException(String message) {
    super(message);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
