package dev.andante.blockformat.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.testing.TraceNormalizer;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceCombinerTest {
  private static final TraceId ID = TraceId.of(1, 2);

  private static Resource resource(String service) {
    return Resource.newBuilder()
        .addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(AnyValue.newBuilder().setStringValue(service)))
        .build();
  }

  private static Span span(int id, String name) {
    return Span.newBuilder().setTraceId(ByteString.copyFrom(ID.bytes())).setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) id})).setName(name).build();
  }

  private static ResourceSpans rs(String service, String scope, Span... spans) {
    return ResourceSpans.newBuilder()
        .setResource(resource(service))
        .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName(scope)).addAllSpans(List.of(spans)))
        .build();
  }

  @Test
  void aSinglePartIsReturnedAsItIs() {
    Trace part = new Trace(ID, List.of(rs("a", "s", span(1, "x"))));
    assertThat(TraceCombiner.combine(ID, List.of(part))).isSameAs(part);
  }

  @Test
  void keepsTheFirstSpanOfEachIdAndMergesEqualResourcesAndScopes() {
    Trace first = new Trace(ID, List.of(rs("a", "s1", span(1, "first"), span(2, "two")), rs("b", "s1", span(3, "three"))));
    Trace second =
        new Trace(ID, List.of(rs("b", "s1", span(3, "duplicate"), span(4, "four")), rs("a", "s2", span(5, "five")), rs("a", "s1", span(1, "dup"), span(6, "six"))));

    Trace combined = TraceCombiner.combine(ID, List.of(first, second));

    assertThat(combined.spanCount()).isEqualTo(6);
    assertThat(combined.resourceSpans()).hasSize(2);
    ResourceSpans a = combined.resourceSpans().get(0);
    assertThat(a.getResource()).isEqualTo(resource("a"));
    assertThat(a.getScopeSpansList()).extracting(ss -> ss.getScope().getName()).containsExactly("s1", "s2");
    assertThat(a.getScopeSpans(0).getSpansList()).extracting(Span::getName).containsExactly("first", "two", "six");
    ResourceSpans b = combined.resourceSpans().get(1);
    assertThat(b.getScopeSpans(0).getSpansList()).extracting(Span::getName).containsExactly("three", "four");
  }

  @Test
  void aTraceSplitIntoPartsCombinesBackToTheWhole() {
    Trace whole = new TestTraces(3).trace(ID, 40);
    List<Trace> parts = new ArrayList<>();
    // Each part holds every other span of each scope, and the second repeats part of the first.
    for (int part = 0; part < 2; part++) {
      List<ResourceSpans> out = new ArrayList<>();
      for (ResourceSpans rs : whole.resourceSpans()) {
        ResourceSpans.Builder b = rs.toBuilder().clearScopeSpans();
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          ScopeSpans.Builder sb = ss.toBuilder().clearSpans();
          for (int i = 0; i < ss.getSpansCount(); i++) {
            if (i % 2 == part || i == 0) {
              sb.addSpans(ss.getSpans(i));
            }
          }
          b.addScopeSpans(sb);
        }
        out.add(b.build());
      }
      parts.add(new Trace(ID, out));
    }
    Trace combined = TraceCombiner.combine(ID, parts);
    assertThat(combined.spanCount()).isEqualTo(40);
    assertThat(TraceNormalizer.normalize(combined)).isEqualTo(TraceNormalizer.normalize(whole));
  }

  @Test
  void duplicatesInsideOnePartAreDropped() {
    Trace part = new Trace(ID, List.of(rs("a", "s", span(1, "x"), span(1, "y"))));
    assertThat(TraceCombiner.combine(ID, List.of(part)).spanCount()).isEqualTo(1);
  }

  @Test
  void incrementalUse() {
    TraceCombiner combiner = new TraceCombiner(ID);
    assertThat(combiner.isEmpty()).isTrue();
    combiner.add(List.of(rs("a", "s", span(1, "x")))).add(List.of(rs("a", "s", span(2, "y"))));
    assertThat(combiner.result().spanCount()).isEqualTo(2);
    assertThat(combiner.result().resourceSpans()).hasSize(1);
  }

  @Test
  void rejectsAPartOfAnotherTrace() {
    assertThatThrownBy(() -> TraceCombiner.combine(ID, List.of(new Trace(TraceId.of(9, 9), List.of()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot combine: part has trace ID");
  }
}
