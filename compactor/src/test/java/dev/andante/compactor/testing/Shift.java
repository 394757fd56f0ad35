package dev.andante.compactor.testing;

import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/** Moves a trace in time. */
public final class Shift {
  private Shift() {}

  public static Trace by(Trace trace, long nanos) {
    List<ResourceSpans> out = new ArrayList<>();
    for (ResourceSpans rs : trace.resourceSpans()) {
      ResourceSpans.Builder b = rs.toBuilder().clearScopeSpans();
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ScopeSpans.Builder sb = ss.toBuilder().clearSpans();
        for (Span span : ss.getSpansList()) {
          Span.Builder s = span.toBuilder()
              .setStartTimeUnixNano(span.getStartTimeUnixNano() + nanos)
              .setEndTimeUnixNano(span.getEndTimeUnixNano() + nanos);
          for (Span.Event.Builder e : s.getEventsBuilderList()) {
            e.setTimeUnixNano(e.getTimeUnixNano() + nanos);
          }
          sb.addSpans(s);
        }
        b.addScopeSpans(sb);
      }
      out.add(b.build());
    }
    return new Trace(trace.id(), out);
  }
}
