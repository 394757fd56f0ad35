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

  LiveTrace(TraceId id, Instant now) {
    this.id = id;
    this.firstAppend = now;
    this.lastAppend = now;
  }

  void append(Trace piece, long size, Instant now) {
    pieces.add(piece);
    bytes += size;
    lastAppend = now;
  }
}
