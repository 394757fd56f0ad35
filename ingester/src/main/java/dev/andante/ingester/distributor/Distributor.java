package dev.andante.ingester.distributor;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write path's front door: validates every span of an export request, refuses the malformed
 * ones (keeping the rest: OTLP partial success), splits what is left into one piece per trace ID and
 * hands the pieces to a {@link TraceSink}. Thread safe; blocking as far as the sink blocks.
 */
public final class Distributor {
  private final TraceSink sink;

  public Distributor(TraceSink sink) {
    if (sink == null) {
      throw new IllegalArgumentException("sink must not be null");
    }
    this.sink = sink;
  }

  /**
   * Validates, splits and pushes {@code request}. Fails (with the sink's exception) only when the
   * sink refused the whole push; invalid spans are reported in the result instead.
   */
  public PushResult push(TenantId tenant, ExportTraceServiceRequest request) {
    if (tenant == null) {
      throw new IllegalArgumentException("tenant must not be null");
    }
    if (request == null) {
      throw new IllegalArgumentException("request must not be null");
    }
    RefusedSpans refused = new RefusedSpans();
    Map<TraceId, List<ResourceSpans>> byTrace = new LinkedHashMap<>();
    int accepted = 0;
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      accepted += split(resourceSpans, byTrace, refused);
    }
    if (!byTrace.isEmpty()) {
      List<Trace> pieces = new ArrayList<>(byTrace.size());
      byTrace.forEach((id, resources) -> pieces.add(new Trace(id, resources)));
      sink.push(tenant, pieces);
    }
    return new PushResult(accepted, refused.total(), refused.message());
  }

  /** Adds the valid spans of {@code resourceSpans} to {@code byTrace}; returns how many. */
  private static int split(
      ResourceSpans resourceSpans, Map<TraceId, List<ResourceSpans>> byTrace, RefusedSpans refused) {
    Map<TraceId, ResourceSpans.Builder> resourcePerTrace = new LinkedHashMap<>();
    int accepted = 0;
    for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
      Map<TraceId, ScopeSpans.Builder> scopePerTrace = new LinkedHashMap<>();
      for (Span span : scopeSpans.getSpansList()) {
        String problem = SpanValidator.problem(span);
        if (problem != null) {
          refused.add(problem);
          continue;
        }
        TraceId id = TraceId.of(span.getTraceId().toByteArray());
        scopePerTrace
            .computeIfAbsent(
                id,
                k -> ScopeSpans.newBuilder().setScope(scopeSpans.getScope()).setSchemaUrl(scopeSpans.getSchemaUrl()))
            .addSpans(span);
        accepted++;
      }
      scopePerTrace.forEach(
          (id, scope) ->
              resourcePerTrace
                  .computeIfAbsent(
                      id,
                      k ->
                          ResourceSpans.newBuilder()
                              .setResource(resourceSpans.getResource())
                              .setSchemaUrl(resourceSpans.getSchemaUrl()))
                  .addScopeSpans(scope));
    }
    resourcePerTrace.forEach(
        (id, resource) -> byTrace.computeIfAbsent(id, k -> new ArrayList<>()).add(resource.build()));
    return accepted;
  }
}
