package dev.andante.ingester.flush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.distributor.EncodedPiece;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

/** Pieces combined on the wire decode to what combining the decoded pieces gives. */
class EncodedCombinerTest {
  private final TestTraces generator = new TestTraces(31);

  @Test
  void piecesSplitBySpanCombineAsDecodedOnesDo() {
    for (int t = 0; t < 50; t++) {
      Trace trace = generator.trace(12);
      List<EncodedPiece> pieces =
          List.of(
              EncodedPiece.of(part(trace, (rs, i) -> i % 3 == 0)),
              EncodedPiece.of(part(trace, (rs, i) -> i % 3 == 1)),
              EncodedPiece.of(part(trace, (rs, i) -> i % 3 == 2)));

      assertThat(decode(trace.id(), EncodedCombiner.combine(pieces))).isEqualTo(Pieces.decode(trace.id(), pieces));
    }
  }

  @Test
  void aSpanSeenTwiceIsKeptOnceAndSpansWithoutAnIdAllStay() {
    Trace trace = generator.trace(8);
    Trace replica = part(trace, (rs, i) -> i % 2 == 0);
    ResourceSpans first = trace.resourceSpans().get(0);
    Span anonymous = first.getScopeSpans(0).getSpans(0).toBuilder().clearSpanId().build();
    ResourceSpans withAnonymous =
        first.toBuilder().setScopeSpans(0, first.getScopeSpans(0).toBuilder().addSpans(anonymous).addSpans(anonymous)).build();
    List<EncodedPiece> pieces =
        List.of(
            EncodedPiece.of(trace),
            EncodedPiece.of(replica),
            EncodedPiece.of(new Trace(trace.id(), List.of(withAnonymous))));

    Trace combined = decode(trace.id(), EncodedCombiner.combine(pieces));

    assertThat(combined).isEqualTo(Pieces.decode(trace.id(), pieces));
    assertThat(combined.spanCount()).isEqualTo(trace.spanCount() + 2);
  }

  @Test
  void resourcesAndScopesWithOtherSchemaUrlsStayApart() {
    Trace trace = generator.trace(6);
    ResourceSpans rs = trace.resourceSpans().get(0);
    Span extra = rs.getScopeSpans(0).getSpans(0).toBuilder().setSpanId(ByteString.copyFromUtf8("other-id")).build();
    Span third = extra.toBuilder().setSpanId(ByteString.copyFromUtf8("third-id")).build();
    ResourceSpans otherSchema =
        ResourceSpans.newBuilder()
            .setResource(rs.getResource())
            .setSchemaUrl("https://opentelemetry.io/schemas/1.30.0")
            .addScopeSpans(ScopeSpans.newBuilder().setScope(rs.getScopeSpans(0).getScope()).setSchemaUrl("s").addSpans(extra))
            .build();
    ResourceSpans otherScope =
        ResourceSpans.newBuilder()
            .setResource(rs.getResource())
            .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("another")).addSpans(third))
            .build();
    List<EncodedPiece> pieces =
        List.of(EncodedPiece.of(trace), EncodedPiece.of(new Trace(trace.id(), List.of(otherSchema, otherScope))));

    assertThat(decode(trace.id(), EncodedCombiner.combine(pieces))).isEqualTo(Pieces.decode(trace.id(), pieces));
  }

  @Test
  void aResourceSplitOverTwoFieldsIsLeftToTheDecoder() throws IOException {
    Trace trace = generator.trace(3);
    ResourceSpans rs = trace.resourceSpans().get(0);
    ByteArrayOutputStream rsBytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(rsBytes);
    out.writeMessage(1, rs.getResource());
    out.writeMessage(1, Resource.newBuilder().setDroppedAttributesCount(1).build());
    out.writeMessage(2, rs.getScopeSpans(0));
    out.flush();
    ByteArrayOutputStream td = new ByteArrayOutputStream();
    CodedOutputStream tdOut = CodedOutputStream.newInstance(td);
    tdOut.writeByteArray(1, rsBytes.toByteArray());
    tdOut.flush();
    EncodedPiece split = EncodedPiece.of(trace.id(), td.toByteArray(), rs.getScopeSpans(0).getSpansCount());

    assertThat(EncodedCombiner.combine(List.of(EncodedPiece.of(trace), split))).isNull();
  }

  @Test
  void malformedBytesAreAnError() {
    EncodedPiece bad = EncodedPiece.of(TraceId.of(1, 1), new byte[] {0x0a, 0x05, 0x12}, 1);

    assertThatThrownBy(() -> EncodedCombiner.combine(List.of(bad, bad)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot combine trace pieces");
  }

  /** {@code trace} with only the spans {@code keep} accepts (by their index within their scope). */
  private static Trace part(Trace trace, BiPredicate<ResourceSpans, Integer> keep) {
    List<ResourceSpans> out = new ArrayList<>();
    for (ResourceSpans rs : trace.resourceSpans()) {
      ResourceSpans.Builder b = rs.toBuilder().clearScopeSpans();
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ScopeSpans.Builder sb = ss.toBuilder().clearSpans();
        for (int i = 0; i < ss.getSpansCount(); i++) {
          if (keep.test(rs, i)) {
            sb.addSpans(ss.getSpans(i));
          }
        }
        b.addScopeSpans(sb);
      }
      out.add(b.build());
    }
    return new Trace(trace.id(), out);
  }

  private static Trace decode(TraceId id, byte[] tracesData) {
    assertThat(tracesData).isNotNull();
    return new Trace(id, EncodedPiece.decodeResourceSpans(tracesData));
  }
}
