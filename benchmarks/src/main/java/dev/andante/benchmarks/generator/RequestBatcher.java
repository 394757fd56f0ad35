package dev.andante.benchmarks.generator;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Packs generated traces into OTLP export requests the way an OpenTelemetry Collector's batch
 * processor does: spans of many traces, grouped by resource, about {@code batchSpans} spans a
 * request. Not thread safe.
 */
public final class RequestBatcher {
  private final int batchSpans;
  private final Consumer<ExportTraceServiceRequest> sink;
  private final Map<Resource, ResourceSpans.Builder> pending = new LinkedHashMap<>();
  private int pendingSpans;

  public RequestBatcher(int batchSpans, Consumer<ExportTraceServiceRequest> sink) {
    if (batchSpans < 1) {
      throw new IllegalArgumentException("batchSpans must be positive, got " + batchSpans);
    }
    this.batchSpans = batchSpans;
    this.sink = sink;
  }

  /** Generates {@code spans} spans or more from {@code generator} and packs them. */
  public static List<ExportTraceServiceRequest> generate(TraceGenerator generator, long spans, int batchSpans, long startNanos) {
    List<ExportTraceServiceRequest> out = new ArrayList<>();
    RequestBatcher batcher = new RequestBatcher(batchSpans, out::add);
    long added = 0;
    long at = startNanos;
    while (added < spans) {
      added += batcher.add(generator.next(at));
      at += 2_000_000;
    }
    batcher.flush();
    return out;
  }

  /** Adds one trace's resource spans; returns its span count. */
  public int add(List<ResourceSpans> trace) {
    int spans = 0;
    for (ResourceSpans rs : trace) {
      ResourceSpans.Builder target = pending.computeIfAbsent(
          rs.getResource(), r -> ResourceSpans.newBuilder().setResource(r).setSchemaUrl(rs.getSchemaUrl()));
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        target.addScopeSpans(ss);
        spans += ss.getSpansCount();
      }
    }
    pendingSpans += spans;
    if (pendingSpans >= batchSpans) {
      flush();
    }
    return spans;
  }

  public void flush() {
    if (pending.isEmpty()) {
      return;
    }
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    for (ResourceSpans.Builder rs : pending.values()) {
      request.addResourceSpans(mergeScopes(rs));
    }
    pending.clear();
    pendingSpans = 0;
    sink.accept(request.build());
  }

  private static ResourceSpans mergeScopes(ResourceSpans.Builder rs) {
    Map<String, ScopeSpans.Builder> byScope = new LinkedHashMap<>();
    for (ScopeSpans ss : rs.getScopeSpansList()) {
      byScope.computeIfAbsent(ss.getScope().getName(), n -> ScopeSpans.newBuilder().setScope(ss.getScope()))
          .addAllSpans(ss.getSpansList());
    }
    rs.clearScopeSpans();
    byScope.values().forEach(rs::addScopeSpans);
    return rs.build();
  }

  static String serviceName(Resource resource) {
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals("service.name")) {
        return kv.getValue().getStringValue();
      }
    }
    return "";
  }
}
