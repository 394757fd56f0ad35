package dev.andante.blockformat.encoding;

/** A block's objects exist but cannot be decoded. */
public class CorruptBlockException extends RuntimeException {
  public CorruptBlockException(String message, Throwable cause) {
    super(message, cause);
  }
}
