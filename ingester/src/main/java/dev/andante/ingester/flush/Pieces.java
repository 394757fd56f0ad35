package dev.andante.ingester.flush;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.blockformat.trace.TraceCombiner;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.List;

/** Joins the pieces of one trace that the ingester holds into one {@link Trace}. */
public final class Pieces {
  private Pieces() {}

  /**
   * One trace made of {@code pieces}, which all carry {@code id}: equal resources and scopes merged,
   * a span ID seen twice (a client's retry, a replica's copy) kept once.
   */
  public static Trace combine(TraceId id, List<Trace> pieces) {
    return pieces.size() == 1 ? pieces.get(0) : TraceCombiner.combine(id, pieces);
  }

  /** Bytes {@code piece} takes in protobuf encoding: the measure of memory and block size. */
  public static long sizeOf(Trace piece) {
    long size = 0;
    for (ResourceSpans rs : piece.resourceSpans()) {
      size += rs.getSerializedSize();
    }
    return size;
  }
}
