package dev.andante.querier.testing;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.querier.tracebyid.RecentTraceSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Recent traces held in memory, as an ingester would hold live traces. */
public final class MemoryRecentTraces implements RecentTraceSource {
  private record Key(TenantId tenant, TraceId id) {}

  private final Map<Key, Trace> traces = new ConcurrentHashMap<>();

  public MemoryRecentTraces put(TenantId tenant, Trace trace) {
    traces.put(new Key(tenant, trace.id()), trace);
    return this;
  }

  @Override
  public Optional<Trace> find(TenantId tenant, TraceId id) {
    return Optional.ofNullable(traces.get(new Key(tenant, id)));
  }
}
