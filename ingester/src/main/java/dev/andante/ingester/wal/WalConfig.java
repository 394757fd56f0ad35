package dev.andante.ingester.wal;

/**
 * The write-ahead log's settings ({@code storage.trace.wal.*} besides its path).
 *
 * @param fsync when appends are forced to disk ({@code storage.trace.wal.fsync}: always | never)
 * @param segmentBytes a segment is closed and a new one started past this size ({@code
 *     storage.trace.wal.segment_bytes}); segments are the unit of truncation
 */
public record WalConfig(FsyncPolicy fsync, long segmentBytes) {
  public static final FsyncPolicy DEFAULT_FSYNC = FsyncPolicy.ALWAYS;
  public static final long DEFAULT_SEGMENT_BYTES = SegmentedLog.DEFAULT_SEGMENT_BYTES;
  public static final long MIN_SEGMENT_BYTES = 4096;

  public static final WalConfig DEFAULT = new WalConfig(DEFAULT_FSYNC, DEFAULT_SEGMENT_BYTES);

  public WalConfig {
    if (fsync == null) {
      throw new IllegalArgumentException("storage.trace.wal.fsync must be 'always' or 'never', got nothing");
    }
    if (segmentBytes < MIN_SEGMENT_BYTES) {
      throw new IllegalArgumentException(
          "storage.trace.wal.segment_bytes must be at least " + MIN_SEGMENT_BYTES + ", got " + segmentBytes);
    }
  }
}
