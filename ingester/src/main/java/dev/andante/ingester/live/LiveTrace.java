package dev.andante.ingester.live;

import dev.andante.blockformat.TraceId;
import dev.andante.ingester.distributor.EncodedPiece;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A trace still receiving spans: its pieces, as protobuf bytes, in arrival order. Guarded by its tenant's lock. */
final class LiveTrace {
  final TraceId id;
  final List<EncodedPiece> pieces = new ArrayList<>(2);
  final Instant firstAppend;
  Instant lastAppend;
  long bytes;
  /** Lowest WAL segment holding any of its pieces. */
  long minSegment = Long.MAX_VALUE;

  LiveTrace(TraceId id, Instant now) {
    this.id = id;
    this.firstAppend = now;
    this.lastAppend = now;
  }

  void append(EncodedPiece piece, long size, Instant now, long segment) {
    pieces.add(piece);
    minSegment = Math.min(minSegment, segment);
    bytes += size;
    lastAppend = now;
  }
}
