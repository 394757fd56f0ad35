package dev.andante.ingester.wal;

/** A WAL record whose checksum matched but whose contents cannot be decoded. */
public final class CorruptWalRecordException extends RuntimeException {
  public CorruptWalRecordException(String message) {
    super(message);
  }

  public CorruptWalRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
