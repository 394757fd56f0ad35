package dev.andante.deploy.e2e;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A trace as a sorted list of self-contained spans (each with its resource and scope), with
 * attributes sorted by key. Two traces are the same when these lists are equal, however the spans
 * were batched into resources and scopes and in whatever order attributes were stored.
 */
final class CanonicalSpans {
  private CanonicalSpans() {}

  static List<String> of(List<ResourceSpans> batches) {
    List<String> spans = new ArrayList<>();
    for (ResourceSpans rs : batches) {
      Resource resource = rs.getResource().toBuilder().clearAttributes().addAllAttributes(sorted(rs.getResource().getAttributesList())).build();
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        InstrumentationScope scope = ss.getScope().toBuilder().clearAttributes().addAllAttributes(sorted(ss.getScope().getAttributesList())).build();
        for (Span span : ss.getSpansList()) {
          ResourceSpans one =
              ResourceSpans.newBuilder()
                  .setResource(resource)
                  .setSchemaUrl(rs.getSchemaUrl())
                  .addScopeSpans(ScopeSpans.newBuilder().setScope(scope).setSchemaUrl(ss.getSchemaUrl()).addSpans(normalize(span)))
                  .build();
          spans.add(one.toString());
        }
      }
    }
    spans.sort(Comparator.naturalOrder());
    return spans;
  }

  private static Span normalize(Span span) {
    Span.Builder b = span.toBuilder().clearAttributes().addAllAttributes(sorted(span.getAttributesList()));
    if (span.getStatus().equals(Status.getDefaultInstance())) {
      // An empty status and none are the same (code UNSET); the SDK sends one, a store need not keep it.
      b.clearStatus();
    }
    b.clearEvents();
    for (Span.Event e : span.getEventsList()) {
      b.addEvents(e.toBuilder().clearAttributes().addAllAttributes(sorted(e.getAttributesList())));
    }
    b.clearLinks();
    for (Span.Link l : span.getLinksList()) {
      b.addLinks(l.toBuilder().clearAttributes().addAllAttributes(sorted(l.getAttributesList())));
    }
    return b.build();
  }

  private static List<KeyValue> sorted(List<KeyValue> attributes) {
    List<KeyValue> out = new ArrayList<>();
    for (KeyValue kv : attributes) {
      out.add(kv.toBuilder().setValue(sorted(kv.getValue())).build());
    }
    out.sort(Comparator.comparing(KeyValue::getKey));
    return out;
  }

  private static AnyValue sorted(AnyValue value) {
    if (value.hasKvlistValue()) {
      return AnyValue.newBuilder()
          .setKvlistValue(KeyValueList.newBuilder().addAllValues(sorted(value.getKvlistValue().getValuesList())))
          .build();
    }
    return value;
  }
}
