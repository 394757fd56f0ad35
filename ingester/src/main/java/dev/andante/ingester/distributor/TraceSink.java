package dev.andante.ingester.distributor;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.limits.Refusal;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the distributor hands validated spans, one piece per trace. Today that is the local
 * ingester; with a ring, an implementation routes each piece to the owners of {@code
 * fnv1_32(tenant ‖ traceID)} and forwards it. Implementations are thread safe and may block; when
 * {@link #push} returns normally every piece has been accepted (and made durable, if the sink
 * keeps a write-ahead log).
 */
@FunctionalInterface
public interface TraceSink {

  /**
   * Accepts {@code pieces} of {@code tenant}, each holding only spans of its own trace ID, at most
   * one piece per trace ID. Returns the pieces a per-trace limit refused (empty when all were
   * accepted); throws {@link dev.andante.ingester.limits.PushRefusedException} when it refuses the
   * whole push (back-pressure), any other exception when it failed.
   */
  List<Refusal> push(TenantId tenant, List<Trace> pieces);

  /**
   * As {@link #push(TenantId, List)}, also given the protobuf bytes of the export request the pieces
   * were split from (every valid span of it is in {@code pieces}), so a sink that logs the push can
   * log those bytes instead of encoding the pieces again. {@code request} may be null.
   */
  default List<Refusal> push(TenantId tenant, List<Trace> pieces, byte[] request) {
    return push(tenant, pieces);
  }

  /**
   * As {@link #push(TenantId, List, byte[])}, with the pieces still in protobuf bytes, as the
   * distributor splits a request it received: a sink that keeps or forwards bytes need not decode
   * them. The default decodes them and calls {@link #push(TenantId, List, byte[])}.
   */
  default List<Refusal> pushEncoded(TenantId tenant, List<EncodedPiece> pieces, byte[] request) {
    List<Trace> decoded = new ArrayList<>(pieces.size());
    for (EncodedPiece piece : pieces) {
      decoded.add(piece.decode());
    }
    return push(tenant, decoded, request);
  }

  /**
   * Throws {@link dev.andante.ingester.limits.PushRefusedException} (back-pressure) when the sink
   * would refuse every push now, whatever it held, so that a distributor refuses a request before
   * paying to split it. The default never refuses.
   */
  default void checkCapacity() {}
}
