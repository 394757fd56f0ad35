package dev.andante.blockformat.encoding;

/** A block's meta.json names an encoding version this build cannot read. */
public class UnknownEncodingException extends RuntimeException {
  public UnknownEncodingException(String message) {
    super(message);
  }
}
