package dev.andante.querier.tracebyid;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import java.util.Optional;

/**
 * Traces not yet in blocks: what ingesters hold in memory, in their WAL, or in blocks they have cut
 * but not yet flushed. In one process this is the local ingester; in a cluster, a client that asks
 * the trace's owners and combines their answers.
 *
 * <p>Implementations are thread safe and may block (the caller is on a worker thread); they should
 * give up on their own well before the query timeout. A failure is thrown as an unchecked exception;
 * the lookup then goes on with the blocks and reports a partial result.
 */
@FunctionalInterface
public interface RecentTraceSource {

  /** A source that holds nothing, for a querier without ingesters. */
  RecentTraceSource NONE = (tenant, id) -> Optional.empty();

  /** The part of trace {@code id} of {@code tenant} that is held, or empty when there is none. */
  Optional<Trace> find(TenantId tenant, TraceId id);
}
