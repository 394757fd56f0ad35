package dev.andante.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.andante.benchmarks.generator.TraceGenerator;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RequestPoolTest {
  private static final HexFormat HEX = HexFormat.of();
  private final RequestPool pool = RequestPool.generate(new TraceGenerator(3), 2_000, 256, 1_700_000_000_000_000_000L, true);

  private static ExportTraceServiceRequest decode(byte[] grpcMessage) throws Exception {
    assertThat(grpcMessage[0]).as("uncompressed").isZero();
    int length = java.nio.ByteBuffer.wrap(grpcMessage, 1, 4).getInt();
    assertThat(length).isEqualTo(grpcMessage.length - 5);
    return ExportTraceServiceRequest.parseFrom(Arrays.copyOfRange(grpcMessage, 5, grpcMessage.length));
  }

  private static List<Span> spans(ExportTraceServiceRequest request) {
    return request.getResourceSpansList().stream().map(ResourceSpans::getScopeSpansList).flatMap(List::stream)
        .map(ScopeSpans::getSpansList).flatMap(List::stream).toList();
  }

  @Test
  void roundZeroIsTheGeneratedRequest() throws Exception {
    assertThat(pool.size()).isGreaterThan(1);
    assertThat(pool.spans()).isGreaterThanOrEqualTo(2_000);
    ExportTraceServiceRequest first = decode(pool.grpcMessage(0, 0));
    assertThat(spans(first)).hasSize(pool.spans(0));
    Set<String> ids = spans(first).stream().map(s -> HEX.formatHex(s.getTraceId().toByteArray())).collect(Collectors.toSet());
    assertThat(pool.traces(0, 0)).extracting(RequestPool.TraceRef::idHex).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void laterRoundsCarryNewIdsAndLaterTimesAndNothingElseChanges() throws Exception {
    ExportTraceServiceRequest round0 = decode(pool.grpcMessage(1, 0));
    ExportTraceServiceRequest round5 = decode(pool.grpcMessage(1, 5));
    List<Span> before = spans(round0);
    List<Span> after = spans(round5);

    assertThat(after).hasSameSizeAs(before);
    Set<String> spanIds = new HashSet<>();
    for (int i = 0; i < before.size(); i++) {
      Span a = before.get(i);
      Span b = after.get(i);
      assertThat(b.getTraceId()).isNotEqualTo(a.getTraceId());
      assertThat(b.getSpanId()).isNotEqualTo(a.getSpanId());
      assertThat(b.getParentSpanId().isEmpty()).isEqualTo(a.getParentSpanId().isEmpty());
      assertThat(b.getStartTimeUnixNano()).isEqualTo(a.getStartTimeUnixNano() + 5 * pool.roundNanos());
      assertThat(b.getEndTimeUnixNano()).isEqualTo(a.getEndTimeUnixNano() + 5 * pool.roundNanos());
      Span.Builder undone = b.toBuilder().setTraceId(a.getTraceId()).setSpanId(a.getSpanId())
          .setParentSpanId(a.getParentSpanId()).setStartTimeUnixNano(a.getStartTimeUnixNano())
          .setEndTimeUnixNano(a.getEndTimeUnixNano()).clearLinks();
      for (int e = 0; e < b.getEventsCount(); e++) {
        assertThat(b.getEvents(e).getTimeUnixNano()).isEqualTo(a.getEvents(e).getTimeUnixNano() + 5 * pool.roundNanos());
        undone.setEvents(e, b.getEvents(e).toBuilder().setTimeUnixNano(a.getEvents(e).getTimeUnixNano()));
      }
      assertThat(undone.build()).isEqualTo(a.toBuilder().clearLinks().build());
      for (int l = 0; l < a.getLinksCount(); l++) {
        if (a.getLinks(l).getTraceId().equals(a.getTraceId())) {
          assertThat(b.getLinks(l).getTraceId()).as("links within the trace move with it").isEqualTo(b.getTraceId());
        }
      }
      spanIds.add(HEX.formatHex(b.getSpanId().toByteArray()));
    }
    for (Span s : after) {
      if (!s.getParentSpanId().isEmpty()) {
        assertThat(spanIds).as("parents are renamed with their children").contains(HEX.formatHex(s.getParentSpanId().toByteArray()));
      }
    }
    assertThat(pool.roundNanos()).isPositive().isEqualTo(pool.roundNanos() / 1_000_000_000L * 1_000_000_000L);
    Set<String> traceIds = after.stream().map(s -> HEX.formatHex(s.getTraceId().toByteArray())).collect(Collectors.toSet());
    assertThat(pool.traces(1, 5)).extracting(RequestPool.TraceRef::idHex).containsExactlyInAnyOrderElementsOf(traceIds);
  }

  @Test
  void zipkinJsonOfARoundCarriesTheSameIdsAsItsOtlp() throws Exception {
    List<Span> otlp = spans(decode(pool.grpcMessage(2, 7)));
    JsonNode zipkin = new ObjectMapper().readTree(pool.zipkinJson(2, 7));

    assertThat(zipkin).hasSize(otlp.size());
    for (int i = 0; i < otlp.size(); i++) {
      assertThat(zipkin.get(i).get("traceId").asText()).isEqualTo(HEX.formatHex(otlp.get(i).getTraceId().toByteArray()));
      assertThat(zipkin.get(i).get("id").asText()).isEqualTo(HEX.formatHex(otlp.get(i).getSpanId().toByteArray()));
      assertThat(zipkin.get(i).get("timestamp").asLong()).isEqualTo(otlp.get(i).getStartTimeUnixNano() / 1000);
    }
  }

  @Test
  void shiftsDecimalMicrosecondsInPlace() {
    byte[] ascii = "x1700000000123456y".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    RequestPool.addMicros(ascii, 1, 25_000_000);
    assertThat(new String(ascii, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("x1700000025123456y");
  }

  @Test
  void xorOfHexDigitsMatchesXorOfBytes() {
    byte[] bytes = HEX.parseHex("0123456789abcdef");
    byte[] ascii = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    RequestPool.xorBytes(bytes, 0, 0xdeadbeef);
    RequestPool.xorHex(ascii, 0, 0xdeadbeef);
    assertThat(new String(ascii, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(HEX.formatHex(bytes));
  }
}
