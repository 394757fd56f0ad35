package dev.andante.ingester.flush;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.ArrayList;
import java.util.List;

/** Joins the pieces of one trace that the ingester holds into one {@link Trace}. */
public final class Pieces {
  private Pieces() {}

  /** One trace made of {@code pieces}, which all carry {@code id}. */
  public static Trace combine(TraceId id, List<Trace> pieces) {
    if (pieces.size() == 1) {
      return pieces.get(0);
    }
    List<ResourceSpans> all = new ArrayList<>();
    for (Trace piece : pieces) {
      all.addAll(piece.resourceSpans());
    }
    return new Trace(id, all);
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
