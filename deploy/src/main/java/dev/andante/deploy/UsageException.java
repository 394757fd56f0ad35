package dev.andante.deploy;

/** The command line cannot be understood; the message says why, and the usage text follows it. */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
