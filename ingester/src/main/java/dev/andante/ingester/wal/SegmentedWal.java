package dev.andante.ingester.wal;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.distributor.EncodedPiece;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingester's write-ahead log on a {@link SegmentedLog}: one {@link WalRecord} per push. Thread
 * safe; {@link #append} blocks until the record is written (and synced, under {@link
 * FsyncPolicy#ALWAYS}), sharing the sync with concurrent appends.
 */
public final class SegmentedWal implements WriteAheadLog {
  /** Subdirectory of {@code storage.trace.wal.path} holding the segments. */
  public static final String SEGMENTS_DIR = "segments";

  private static final Logger LOG = LoggerFactory.getLogger(SegmentedWal.class);

  private final SegmentedLog log;

  private SegmentedWal(SegmentedLog log) {
    this.log = log;
  }

  /** Opens (creating if needed) the log under {@code walDir/segments}. */
  public static SegmentedWal open(Path walDir, WalConfig config) {
    if (walDir == null || config == null) {
      throw new IllegalArgumentException("walDir and config must not be null");
    }
    return new SegmentedWal(SegmentedLog.open(walDir.resolve(SEGMENTS_DIR), config.segmentBytes(), config.fsync()));
  }

  @Override
  public long append(TenantId tenant, List<Trace> pieces) {
    return log.append(WalRecord.of(tenant, pieces).encode()).segment();
  }

  @Override
  public long appendEncoded(TenantId tenant, List<EncodedPiece> pieces) {
    return log.append(new WalRecord(tenant, pieces).encode()).segment();
  }

  @Override
  public long appendRequest(TenantId tenant, byte[] request, Set<TraceId> excluded) {
    return log.appendParts(WalRecord.encodeRequestParts(tenant, request, excluded)).segment();
  }

  /**
   * {@inheritDoc} A record whose checksum holds but which cannot be decoded (a bug, or a format
   * from a newer build) is logged and skipped: one undecodable push must not block start-up.
   */
  @Override
  public long replay(Replayer replayer) {
    long[] skipped = new long[1];
    long records =
        log.replay(
            (position, payload) -> {
              WalRecord record;
              try {
                record = WalRecord.decode(payload);
              } catch (CorruptWalRecordException e) {
                skipped[0]++;
                LOG.error("Skipping WAL record at segment {} offset {}: {}", position.segment(), position.offset(), e.getMessage());
                return;
              }
              replayer.replay(record, position.segment());
            });
    return records - skipped[0];
  }

  @Override
  public long currentSegment() {
    return log.currentSegment();
  }

  @Override
  public long rotate() {
    return log.rotate();
  }

  @Override
  public void deleteSegmentsBefore(long segment) {
    log.deleteSegmentsBefore(segment);
  }

  @Override
  public long diskBytes() {
    return log.diskBytes();
  }

  /** The log underneath, for its counters (fsyncs, bytes, segments). */
  public SegmentedLog log() {
    return log;
  }

  @Override
  public void close() {
    log.close();
  }
}
