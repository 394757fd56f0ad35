package dev.andante.ingester.wal;

/** When the log forces appended records to disk ({@code storage.trace.wal.fsync}). */
public enum FsyncPolicy {
  /**
   * Every append is on disk before it returns; appends that arrive while a sync is running share the
   * next one (group commit). An acknowledged span survives a crash of the process or the machine.
   */
  ALWAYS,
  /**
   * Appends are written to the operating system before they return, never forced. An acknowledged
   * span survives a crash of the process, not of the machine.
   */
  NEVER;

  public static FsyncPolicy parse(String value) {
    return switch (value) {
      case "always", "group" -> ALWAYS;
      case "never", "none", "off" -> NEVER;
      default -> throw new IllegalArgumentException(
          "storage.trace.wal.fsync must be 'always' or 'never', got '" + value + "'");
    };
  }
}
