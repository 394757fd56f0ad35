package dev.andante.blockformat.trace;

import dev.andante.blockformat.TraceId;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.List;

/**
 * All of one trace that a source holds (a whole trace, or the part of it in one block or one
 * ingester), as OTLP {@link ResourceSpans}. Every span in it carries {@link #id()} as its trace ID.
 */
public record Trace(TraceId id, List<ResourceSpans> resourceSpans) {
  public Trace {
    if (id == null) {
      throw new IllegalArgumentException("id must not be null");
    }
    resourceSpans = List.copyOf(resourceSpans);
  }

  public int spanCount() {
    int n = 0;
    for (ResourceSpans rs : resourceSpans) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    return n;
  }
}
