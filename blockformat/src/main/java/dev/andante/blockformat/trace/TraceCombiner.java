package dev.andante.blockformat.trace;

import com.google.protobuf.ByteString;
import dev.andante.blockformat.TraceId;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the parts of one trace that several sources hold (ingesters, blocks, replicas) into one.
 *
 * <ul>
 *   <li>A span ID seen before is dropped: the first span with an ID wins, wherever it sits. Spans
 *       without an ID are all kept.
 *   <li>ResourceSpans with an equal resource and schema URL become one; within it, ScopeSpans with
 *       an equal scope and schema URL become one. Everything keeps the order in which it was first
 *       seen.
 * </ul>
 *
 * Use {@link #combine} for a list of parts, or an instance to add parts as they arrive. An instance
 * is not thread safe.
 */
public final class TraceCombiner {
  private final TraceId id;
  private final List<ResourceGroup> resources = new ArrayList<>();
  private final Map<ResourceKey, ResourceGroup> resourcesByKey = new HashMap<>();
  private final Set<ByteString> spanIds = new HashSet<>();
  private int parts;
  private Trace onlyPart;

  public TraceCombiner(TraceId id) {
    if (id == null) {
      throw new IllegalArgumentException("id must not be null");
    }
    this.id = id;
  }

  /**
   * One trace out of {@code parts}, which must all be parts of trace {@code id}. A single part is
   * returned as it is.
   */
  public static Trace combine(TraceId id, List<Trace> parts) {
    if (parts == null) {
      throw new IllegalArgumentException("parts must not be null");
    }
    TraceCombiner combiner = new TraceCombiner(id);
    for (Trace part : parts) {
      combiner.add(part);
    }
    return combiner.result();
  }

  /** Adds a part; its ID must be this combiner's. */
  public TraceCombiner add(Trace part) {
    if (part == null) {
      throw new IllegalArgumentException("part must not be null");
    }
    if (!part.id().equals(id)) {
      throw new IllegalArgumentException(
          "Cannot combine: part has trace ID " + part.id() + ", expected " + id);
    }
    parts++;
    if (parts == 1) {
      // Keep a lone part as it is: no copy when only one source had the trace.
      onlyPart = part;
      return this;
    }
    if (onlyPart != null) {
      Trace first = onlyPart;
      onlyPart = null;
      merge(first.resourceSpans());
    }
    merge(part.resourceSpans());
    return this;
  }

  /** Adds spans of this trace, e.g. from an ingester's reply. */
  public TraceCombiner add(List<ResourceSpans> resourceSpans) {
    return add(new Trace(id, resourceSpans));
  }

  /** Whether any part was added. */
  public boolean isEmpty() {
    return parts == 0;
  }

  /** The combined trace so far. The combiner may be used on afterwards. */
  public Trace result() {
    if (onlyPart != null) {
      if (!hasDuplicateSpanIds(onlyPart)) {
        return onlyPart;
      }
      Trace only = onlyPart;
      onlyPart = null;
      merge(only.resourceSpans());
    }
    List<ResourceSpans> out = new ArrayList<>(resources.size());
    for (ResourceGroup group : resources) {
      ResourceSpans.Builder rs = ResourceSpans.newBuilder().setResource(group.key.resource);
      if (!group.key.schemaUrl.isEmpty()) {
        rs.setSchemaUrl(group.key.schemaUrl);
      }
      for (ScopeGroup scope : group.scopes) {
        if (scope.spans.isEmpty()) {
          continue;
        }
        ScopeSpans.Builder ss = ScopeSpans.newBuilder().setScope(scope.key.scope).addAllSpans(scope.spans);
        if (!scope.key.schemaUrl.isEmpty()) {
          ss.setSchemaUrl(scope.key.schemaUrl);
        }
        rs.addScopeSpans(ss);
      }
      if (rs.getScopeSpansCount() > 0) {
        out.add(rs.build());
      }
    }
    return new Trace(id, out);
  }

  private static boolean hasDuplicateSpanIds(Trace trace) {
    Set<ByteString> seen = new HashSet<>();
    for (ResourceSpans rs : trace.resourceSpans()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          if (!span.getSpanId().isEmpty() && !seen.add(span.getSpanId())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private void merge(List<ResourceSpans> resourceSpans) {
    for (ResourceSpans rs : resourceSpans) {
      ResourceKey rkey = new ResourceKey(rs.getResource(), rs.getSchemaUrl());
      ResourceGroup group = resourcesByKey.get(rkey);
      if (group == null) {
        group = new ResourceGroup(rkey);
        resourcesByKey.put(rkey, group);
        resources.add(group);
      }
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ScopeGroup scope = group.scope(new ScopeKey(ss.getScope(), ss.getSchemaUrl()));
        for (Span span : ss.getSpansList()) {
          ByteString spanId = span.getSpanId();
          if (spanId.isEmpty() || spanIds.add(spanId)) {
            scope.spans.add(span);
          }
        }
      }
    }
  }

  private record ResourceKey(Resource resource, String schemaUrl) {}

  private record ScopeKey(InstrumentationScope scope, String schemaUrl) {}

  private static final class ResourceGroup {
    final ResourceKey key;
    final List<ScopeGroup> scopes = new ArrayList<>(2);
    final Map<ScopeKey, ScopeGroup> scopesByKey = new HashMap<>(4);

    ResourceGroup(ResourceKey key) {
      this.key = key;
    }

    ScopeGroup scope(ScopeKey skey) {
      ScopeGroup scope = scopesByKey.get(skey);
      if (scope == null) {
        scope = new ScopeGroup(skey);
        scopesByKey.put(skey, scope);
        scopes.add(scope);
      }
      return scope;
    }
  }

  private static final class ScopeGroup {
    final ScopeKey key;
    final List<Span> spans = new ArrayList<>();

    ScopeGroup(ScopeKey key) {
      this.key = key;
    }
  }
}
