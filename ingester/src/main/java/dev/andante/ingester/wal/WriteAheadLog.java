package dev.andante.ingester.wal;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.distributor.EncodedPiece;
import java.util.List;
import java.util.Set;

/**
 * Where the push path makes trace pieces durable before it acknowledges them. The ingester calls
 * {@link #append} before the pieces enter memory; when it returns, the pieces must survive a crash
 * as far as the log's fsync policy promises. Implementations are thread safe and may block (group
 * commit batches concurrent appends into one fsync).
 *
 * <p>The log is numbered in segments. Every trace in memory remembers the lowest segment holding any
 * of its data; once a block is written, the ingester deletes the segments below the lowest still
 * needed ({@link #deleteSegmentsBefore}). {@link #NONE} keeps nothing, so an ingester without a log
 * loses what is in memory when its process dies.
 */
public interface WriteAheadLog extends AutoCloseable {

  /** Keeps nothing: acknowledged pieces live only in memory until their block is flushed. */
  WriteAheadLog NONE =
      new WriteAheadLog() {
        @Override
        public long append(TenantId tenant, List<Trace> pieces) {
          return 0;
        }

        @Override
        public long appendEncoded(TenantId tenant, List<EncodedPiece> pieces) {
          return 0;
        }

        @Override
        public long appendRequest(TenantId tenant, byte[] request, Set<TraceId> excluded) {
          return 0;
        }
      };

  /**
   * Makes {@code pieces} of {@code tenant} durable and returns the number of the segment that holds
   * them. Throws (unchecked) if they could not be written, in which case the push is refused and the
   * client retries.
   */
  long append(TenantId tenant, List<Trace> pieces);

  /**
   * As {@link #append}, for pieces in protobuf bytes (as the ingester keeps them). The default
   * decodes them and calls {@link #append}.
   */
  default long appendEncoded(TenantId tenant, List<EncodedPiece> pieces) {
    List<Trace> decoded = new java.util.ArrayList<>(pieces.size());
    pieces.forEach(piece -> decoded.add(piece.decode()));
    return append(tenant, decoded);
  }

  /**
   * Makes durable the valid spans of the protobuf ExportTraceServiceRequest {@code request}, except
   * those of the trace IDs in {@code excluded}, and returns the segment that holds them. Cheaper than
   * {@link #append} when the bytes are at hand: they are written as they are, not encoded again.
   */
  default long appendRequest(TenantId tenant, byte[] request, Set<TraceId> excluded) {
    return appendEncoded(tenant, WalRecord.decode(WalRecord.encodeRequest(tenant, request, excluded)).encodedPieces());
  }

  /** Receives replayed records in log order, with the segment each came from. */
  @FunctionalInterface
  interface Replayer {
    void replay(WalRecord record, long segment);
  }

  /**
   * Hands every record the log held when it was opened to {@code replayer}, oldest first. A torn or
   * corrupt tail is logged and skipped; every record before it is replayed. Returns the number of
   * records replayed.
   */
  default long replay(Replayer replayer) {
    return 0;
  }

  /** The segment appends go to now. */
  default long currentSegment() {
    return 0;
  }

  /**
   * Starts a new segment unless the current one is empty; returns the segment appends go to now.
   * Called when nothing in memory needs the log, so that every older segment can be deleted.
   */
  default long rotate() {
    return currentSegment();
  }

  /** Deletes the segments numbered below {@code segment}, never the current one. */
  default void deleteSegmentsBefore(long segment) {}

  /** Bytes the log takes on disk. */
  default long diskBytes() {
    return 0;
  }

  @Override
  default void close() {}
}
