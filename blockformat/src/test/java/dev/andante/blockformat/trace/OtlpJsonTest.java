package dev.andante.blockformat.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.testing.TestTraces;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {
  private static final String TRACE = "5b8efff798038103d269b633813fc60c";
  private static final String SPAN = "eee19b7ec3c1b174";
  private static final String PARENT = "eee19b7ec3c1b173";

  private static String body(String traceId, String spanId) {
    return """
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
          "scopeSpans":[{"scope":{"name":"manual"},"spans":[{
            "traceId":"%s","spanId":"%s","parentSpanId":"%s","name":"GET /cart","kind":2,
            "startTimeUnixNano":"1544712660000000000","endTimeUnixNano":1544712661000000000,
            "status":{"code":"STATUS_CODE_ERROR","message":"boom"},
            "links":[{"traceId":"%s","spanId":"%s"}]}]}]}]}
        """.formatted(traceId, spanId, PARENT, TRACE, SPAN);
  }

  @Test
  void parsesHexIdsEnumsAndInt64s() {
    ExportTraceServiceRequest request = OtlpJson.parseExportRequest(body(TRACE, SPAN));
    Span span = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);

    assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray())).isEqualTo(TRACE);
    assertThat(HexFormat.of().formatHex(span.getSpanId().toByteArray())).isEqualTo(SPAN);
    assertThat(HexFormat.of().formatHex(span.getParentSpanId().toByteArray())).isEqualTo(PARENT);
    assertThat(HexFormat.of().formatHex(span.getLinks(0).getTraceId().toByteArray())).isEqualTo(TRACE);
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(span.getStartTimeUnixNano()).isEqualTo(1544712660000000000L);
    assertThat(span.getEndTimeUnixNano()).isEqualTo(1544712661000000000L);
  }

  @Test
  void acceptsSnakeCaseAndUpperCaseHex() {
    String json =
        """
        {"resource_spans":[{"scope_spans":[{"spans":[{"trace_id":"%s","span_id":"%s","kind":"SPAN_KIND_CLIENT"}]}]}]}
        """.formatted(TRACE.toUpperCase(), SPAN);
    Span span = OtlpJson.parseExportRequest(json).getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray())).isEqualTo(TRACE);
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
  }

  @Test
  void printsHexIdsAndParsesBackEqual() {
    Trace trace = new TestTraces(5).trace(TraceId.parseHex(TRACE), 20);
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addAllResourceSpans(trace.resourceSpans()).build();

    String json = OtlpJson.print(request);

    assertThat(json).contains("\"traceId\":\"" + TRACE + "\"");
    assertThat(OtlpJson.parseExportRequest(json)).isEqualTo(request);
    assertThat(OtlpJson.printBatches(trace.resourceSpans())).startsWith("{\"batches\":[{").contains(TRACE);
    assertThat(OtlpJson.parseTracesData(OtlpJson.printTracesData(trace.resourceSpans())).getResourceSpansList())
        .isEqualTo(trace.resourceSpans());
  }

  @Test
  void badIdsAreNamed() {
    assertThatThrownBy(() -> OtlpJson.parseExportRequest(body("xyz", SPAN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("traceId 'xyz' is not 32 hex digits")
        .hasMessageContaining("resourceSpans[0].scopeSpans[0].spans[0]");
    assertThatThrownBy(() -> OtlpJson.parseExportRequest(body("ghijklmnopqrstuvwxyzghijklmnopqr", SPAN)))
        .hasMessageContaining("traceId 'ghijklmnopqrstuvwxyzghijklmnopqr' is not 32 hex digits");
    assertThatThrownBy(() -> OtlpJson.parseExportRequest(body(TRACE, "abc")))
        .hasMessageContaining("spanId 'abc' is not 16 hex digits");
    // Valid base64 of the wrong length.
    assertThatThrownBy(() -> OtlpJson.parseExportRequest(body(TRACE, "abcd")))
        .hasMessageContaining("spanId 'abcd' is not 16 hex digits");
  }

  @Test
  void badJsonIsNamed() {
    assertThatThrownBy(() -> OtlpJson.parseExportRequest("{\"resourceSpans\": ["))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot parse OTLP JSON: malformed JSON");
    assertThatThrownBy(() -> OtlpJson.parseExportRequest("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"soon\"}]}]}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot parse OTLP JSON");
  }
}
