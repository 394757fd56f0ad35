package dev.andante.ingester.distributor;

import static dev.andante.ingester.testing.Spans.id;
import static dev.andante.ingester.testing.Spans.request;
import static dev.andante.ingester.testing.Spans.resourceSpans;
import static dev.andante.ingester.testing.Spans.span;
import static dev.andante.ingester.testing.Spans.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestSplitterTest {

  @Test
  void splitsBytesIntoTheSamePiecesAsDecodedSplitting() {
    ExportTraceServiceRequest request = mixedRequest(new Random(7), 40, 9);

    List<EncodedPiece> encoded = Distributor.encodedPieces(request.toByteArray());
    List<Trace> decoded = Distributor.pieces(request);

    assertThat(encoded).extracting(EncodedPiece::id).containsExactlyElementsOf(decoded.stream().map(Trace::id).toList());
    for (int i = 0; i < encoded.size(); i++) {
      assertThat(encoded.get(i).decode()).isEqualTo(decoded.get(i));
      assertThat(encoded.get(i).spanCount()).isEqualTo(decoded.get(i).spanCount());
    }
  }

  @Test
  void piecesOfOneTraceConcatenateIntoTheEncodingOfBoth() {
    byte[] a = traceId(1);
    EncodedPiece first = Distributor.encodedPieces(request(resourceSpans("web", span(a, id(8, 1), "x"))).toByteArray()).get(0);
    EncodedPiece second = Distributor.encodedPieces(request(resourceSpans("db", span(a, id(8, 2), "y"))).toByteArray()).get(0);
    byte[] both = Arrays.copyOf(first.bytes(), first.bytes().length + second.bytes().length);
    System.arraycopy(second.bytes(), 0, both, first.bytes().length, second.bytes().length);

    assertThat(EncodedPiece.decodeResourceSpans(both)).hasSize(2);
  }

  @Test
  void keepsFieldsItDoesNotKnow() {
    Span span =
        span(traceId(3), id(8, 3), "with-unknown").toBuilder()
            .setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(99, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("later")).build())
                .build())
            .build();
    ExportTraceServiceRequest request = request(resourceSpans("svc", span));

    Trace piece = Distributor.encodedPieces(request.toByteArray()).get(0).decode();

    assertThat(piece.resourceSpans().get(0).getScopeSpans(0).getSpans(0)).isEqualTo(span);
  }

  @Test
  void refusesWhatTheProtobufParserRefuses() {
    byte[] valid = request(resourceSpans("svc", span(traceId(1), id(8, 1), "ok"))).toByteArray();

    assertThatThrownBy(() -> Distributor.encodedPieces(Arrays.copyOf(valid, valid.length - 3)))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining("Cannot decode ExportTraceServiceRequest from protobuf");
    assertThatThrownBy(() -> Distributor.encodedPieces(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining("varint");
    // An attribute value that is not UTF-8, deep inside a span.
    Span badString =
        span(traceId(1), id(8, 1), "ok").toBuilder()
            .addAttributes(KeyValue.newBuilder().setKey("k").setValue(AnyValue.newBuilder().setStringValue("é")))
            .build();
    byte[] bytes = request(resourceSpans("svc", badString)).toByteArray();
    int at = indexOf(bytes, "é".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bytes[at + 1] = (byte) 0x28; // breaks the two-byte sequence
    byte[] invalid = bytes;
    assertThatThrownBy(() -> ExportTraceServiceRequest.parseFrom(invalid)).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> Distributor.encodedPieces(invalid))
        .isInstanceOf(MalformedRequestException.class)
        .hasMessageContaining("invalid UTF-8");
  }

  @Test
  void anEmptyRequestHasNoPieces() {
    assertThat(Distributor.encodedPieces(new byte[0])).isEmpty();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  /** Resources with several scopes, spans of many traces interleaved, rich attributes, some invalid spans. */
  private static ExportTraceServiceRequest mixedRequest(Random random, int spans, int traces) {
    List<ResourceSpans> resources = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      ResourceSpans.Builder rs = resourceSpans("svc-" + r).toBuilder().setSchemaUrl("https://schema/" + r);
      for (int s = 0; s < 2; s++) {
        ScopeSpans.Builder scope = rs.getScopeSpansBuilderList().isEmpty() || s > 0
            // The decoded split sets an absent scope to an empty one; the byte split keeps it absent.
            ? rs.addScopeSpansBuilder().setSchemaUrl("scope-" + s).setScope(InstrumentationScope.newBuilder().setName("lib-" + s))
            : rs.getScopeSpansBuilder(0);
        for (int i = 0; i < spans / 6; i++) {
          int trace = 1 + random.nextInt(traces);
          Span.Builder span =
              span(traceId(trace), id(8, 1 + random.nextInt(250)), "op-" + i).toBuilder()
                  .setParentSpanId(ByteString.copyFrom(id(8, 7)))
                  .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                  .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom ✗"))
                  .addAttributes(KeyValue.newBuilder().setKey("http.route").setValue(AnyValue.newBuilder().setStringValue("/api/ü")))
                  .addAttributes(KeyValue.newBuilder().setKey("list").setValue(AnyValue.newBuilder().setArrayValue(
                      ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setIntValue(3)).addValues(AnyValue.newBuilder().setStringValue("x")))))
                  .addAttributes(KeyValue.newBuilder().setKey("map").setValue(AnyValue.newBuilder().setKvlistValue(
                      KeyValueList.newBuilder().addValues(KeyValue.newBuilder().setKey("k").setValue(AnyValue.newBuilder().setBoolValue(true))))))
                  .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(5))
                  .addLinks(Span.Link.newBuilder().setTraceId(ByteString.copyFrom(traceId(99))).setSpanId(ByteString.copyFrom(id(8, 9))));
          if (random.nextInt(10) == 0) {
            span.setTraceId(ByteString.copyFrom(id(8, 1))); // invalid: left out
          }
          scope.addSpans(span);
        }
      }
      resources.add(rs.build());
    }
    return request(resources.toArray(ResourceSpans[]::new));
  }
}
