package dev.andante.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ZipkinJsonTest {
  private static final HexFormat HEX = HexFormat.of();
  static final String TRACE = "5b8efff798038103d269b633813fc60c";

  static ExportTraceServiceRequest request() {
    Span parent = Span.newBuilder()
        .setTraceId(ByteString.copyFrom(HEX.parseHex(TRACE))).setSpanId(ByteString.copyFrom(HEX.parseHex("eee19b7ec3c1b174")))
        .setName("GET /api/cart").setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(1_700_000_000_123_456_789L).setEndTimeUnixNano(1_700_000_000_623_456_789L)
        .addAttributes(kv("http.response.status_code", AnyValue.newBuilder().setIntValue(500).build()))
        .addAttributes(kv("url.path", AnyValue.newBuilder().setStringValue("/api/cart \"x\"").build()))
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
        .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(1_700_000_000_200_000_000L))
        .build();
    Span child = Span.newBuilder()
        .setTraceId(ByteString.copyFrom(HEX.parseHex(TRACE))).setSpanId(ByteString.copyFrom(HEX.parseHex("00f067aa0ba902b7")))
        .setParentSpanId(parent.getSpanId()).setName("redis GET").setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
        .setStartTimeUnixNano(1_700_000_000_200_000_000L).setEndTimeUnixNano(1_700_000_000_200_000_100L)
        .build();
    Resource resource = Resource.newBuilder()
        .addAttributes(kv("service.name", AnyValue.newBuilder().setStringValue("cart").build()))
        .addAttributes(kv("k8s.pod.name", AnyValue.newBuilder().setStringValue("cart-7d9").build()))
        .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
            .addScopeSpans(ScopeSpans.newBuilder().addSpans(parent).addSpans(child)))
        .build();
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  @Test
  void convertsSpansAsTheCollectorsZipkinExporterDoes() throws Exception {
    ZipkinJson.Encoded encoded = ZipkinJson.encode(request());
    JsonNode spans = new ObjectMapper().readTree(encoded.json());

    assertThat(spans).hasSize(2);
    JsonNode server = spans.get(0);
    assertThat(server.get("traceId").asText()).isEqualTo(TRACE);
    assertThat(server.get("id").asText()).isEqualTo("eee19b7ec3c1b174");
    assertThat(server.has("parentId")).isFalse();
    assertThat(server.get("kind").asText()).isEqualTo("SERVER");
    assertThat(server.get("name").asText()).isEqualTo("GET /api/cart");
    assertThat(server.get("timestamp").asLong()).isEqualTo(1_700_000_000_123_456L);
    assertThat(server.get("duration").asLong()).isEqualTo(500_000);
    assertThat(server.get("localEndpoint").get("serviceName").asText()).isEqualTo("cart");
    assertThat(server.get("tags").get("http.response.status_code").asText()).isEqualTo("500");
    assertThat(server.get("tags").get("url.path").asText()).isEqualTo("/api/cart \"x\"");
    assertThat(server.get("tags").get("k8s.pod.name").asText()).isEqualTo("cart-7d9");
    assertThat(server.get("tags").get("error").asText()).isEqualTo("boom");
    assertThat(server.get("annotations").get(0).get("value").asText()).isEqualTo("exception");

    JsonNode internal = spans.get(1);
    assertThat(internal.has("kind")).isFalse();
    assertThat(internal.get("parentId").asText()).isEqualTo("eee19b7ec3c1b174");
    assertThat(internal.get("duration").asLong()).as("sub-microsecond spans last 1 µs").isEqualTo(1);
    assertThat(internal.get("tags").has("error")).isFalse();
  }

  @Test
  void recordsWhereEveryIdStarts() {
    ZipkinJson.Encoded encoded = ZipkinJson.encode(request());
    String json = new String(encoded.json(), StandardCharsets.US_ASCII);

    assertThat(encoded.traceIdOffsets()).hasSize(2);
    for (int offset : encoded.traceIdOffsets()) {
      assertThat(json.substring(offset, offset + 32)).isEqualTo(TRACE);
    }
    assertThat(encoded.spanIdOffsets()).hasSize(3);
    assertThat(encoded.timestampOffsets()).hasSize(3); // two spans, one annotation
    assertThat(json.substring(encoded.timestampOffsets()[0], encoded.timestampOffsets()[0] + 16)).isEqualTo("1700000000123456");
    assertThat(json.substring(encoded.spanIdOffsets()[2], encoded.spanIdOffsets()[2] + 16)).isEqualTo("eee19b7ec3c1b174");
  }

  @Test
  void escapesEverythingOutsidePrintableAscii() {
    StringBuilder out = new StringBuilder();
    ZipkinJson.string(out, "a\"b\\c\nü");
    assertThat(out).hasToString("\"a\\\"b\\\\c\\u000a\\u00fc\"");
  }
}
