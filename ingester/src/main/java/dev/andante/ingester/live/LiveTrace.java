package dev.andante.ingester.live;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A trace still receiving spans: its pieces in arrival order. Guarded by its tenant's lock. */
final class LiveTrace {
  final TraceId id;
  final List<Trace> pieces = new ArrayList<>(2);
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

  void append(Trace piece, long size, Instant now, long segment) {
    pieces.add(piece);
    minSegment = Math.min(minSegment, segment);
    bytes += size;
    lastAppend = now;
  }
}
