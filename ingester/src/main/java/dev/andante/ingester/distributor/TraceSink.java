package dev.andante.ingester.distributor;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.limits.Refusal;
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
}
