package dev.andante.blockformat.testing;

import com.google.protobuf.ByteString;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts traces into a canonical form, so that two holding the same spans compare equal with
 * AssertJ's {@code isEqualTo} however they were grouped or ordered: one ResourceSpans with one
 * ScopeSpans per span, sorted by span ID (then by the whole span); attributes sorted by key (then
 * value) at every level outside AnyValues; absent and default resources, scopes, statuses and
 * attribute values made alike.
 */
public final class TraceNormalizer {
  private static final Comparator<ByteString> BYTES = ByteString.unsignedLexicographicalComparator();
  private static final Comparator<KeyValue> BY_KEY_THEN_VALUE =
      Comparator.comparing(KeyValue::getKey).thenComparing(kv -> kv.getValue().toByteString(), BYTES);

  private TraceNormalizer() {}

  public static Trace normalize(Trace trace) {
    return new Trace(trace.id(), normalize(trace.resourceSpans()));
  }

  public static List<ResourceSpans> normalize(List<ResourceSpans> resourceSpans) {
    List<ResourceSpans> flat = new ArrayList<>();
    for (ResourceSpans rs : resourceSpans) {
      Resource resource = normalize(rs.getResource());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        InstrumentationScope scope = normalize(ss.getScope());
        for (Span span : ss.getSpansList()) {
          flat.add(
              ResourceSpans.newBuilder()
                  .setResource(resource)
                  .setSchemaUrl(rs.getSchemaUrl())
                  .addScopeSpans(
                      ScopeSpans.newBuilder().setScope(scope).setSchemaUrl(ss.getSchemaUrl()).addSpans(normalize(span)))
                  .build());
        }
      }
    }
    flat.sort(
        Comparator.comparing((ResourceSpans rs) -> rs.getScopeSpans(0).getSpans(0).getSpanId(), BYTES)
            .thenComparing(ResourceSpans::toByteString, BYTES));
    return flat;
  }

  private static Resource normalize(Resource resource) {
    return resource.toBuilder().clearAttributes().addAllAttributes(sorted(resource.getAttributesList())).build();
  }

  private static InstrumentationScope normalize(InstrumentationScope scope) {
    return scope.toBuilder().clearAttributes().addAllAttributes(sorted(scope.getAttributesList())).build();
  }

  private static Span normalize(Span span) {
    Span.Builder b = span.toBuilder().clearAttributes().addAllAttributes(sorted(span.getAttributesList()));
    if (span.getStatus().equals(Status.getDefaultInstance())) {
      b.clearStatus();
    }
    for (Span.Event.Builder event : b.getEventsBuilderList()) {
      List<KeyValue> attrs = sorted(event.getAttributesList());
      event.clearAttributes().addAllAttributes(attrs);
    }
    for (Span.Link.Builder link : b.getLinksBuilderList()) {
      List<KeyValue> attrs = sorted(link.getAttributesList());
      link.clearAttributes().addAllAttributes(attrs);
    }
    return b.build();
  }

  private static List<KeyValue> sorted(List<KeyValue> attrs) {
    List<KeyValue> out = new ArrayList<>(attrs.size());
    for (KeyValue kv : attrs) {
      out.add(kv.hasValue() ? kv : kv.toBuilder().setValue(kv.getValue()).build());
    }
    out.sort(BY_KEY_THEN_VALUE);
    return out;
  }
}
