package dev.andante.ingester.flush;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.blockformat.trace.TraceCombiner;
import dev.andante.ingester.distributor.EncodedPiece;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.ArrayList;
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

  /**
   * One trace made of the encoded {@code pieces} of trace {@code id}, decoded and combined as
   * {@link #combine} does.
   */
  public static Trace decode(TraceId id, List<EncodedPiece> pieces) {
    if (pieces.size() == 1) {
      return pieces.get(0).decode();
    }
    List<Trace> decoded = new ArrayList<>(pieces.size());
    for (EncodedPiece piece : pieces) {
      decoded.add(piece.decode());
    }
    return TraceCombiner.combine(id, decoded);
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
