package dev.andante.benchmarks.e2e;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Converts OTLP spans to Zipkin's JSON v2 (a list of spans), as the OpenTelemetry Collector's
 * Zipkin exporter does: resource {@code service.name} becomes the local endpoint, attributes
 * (span and resource) become string tags, an error status the {@code error} tag, events
 * annotations. Records where each trace, span and parent span ID's hex text starts, so a copy can
 * be given new IDs without converting again.
 */
final class ZipkinJson {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * JSON bytes, the offsets of every trace ID's 32 hex digits, of every span ID's 16, and of every
   * timestamp's 16 decimal digits (microseconds).
   */
  record Encoded(byte[] json, int[] traceIdOffsets, int[] spanIdOffsets, int[] timestampOffsets) {}

  private ZipkinJson() {}

  static Encoded encode(ExportTraceServiceRequest request) {
    StringBuilder out = new StringBuilder(request.getSerializedSize() * 2);
    List<Integer> offsets = new ArrayList<>();
    List<Integer> spanOffsets = new ArrayList<>();
    List<Integer> timeOffsets = new ArrayList<>();
    out.append('[');
    boolean first = true;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      String service = attribute(rs.getResource(), "service.name");
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          appendSpan(out, offsets, spanOffsets, timeOffsets, span, service, rs.getResource());
        }
      }
    }
    out.append(']');
    // Hex digits and JSON punctuation are ASCII, so char offsets equal byte offsets only if the
    // text is ASCII: encode with escapes for everything else to keep that true.
    byte[] json = out.toString().getBytes(StandardCharsets.US_ASCII);
    return new Encoded(json, offsets.stream().mapToInt(Integer::intValue).toArray(),
        spanOffsets.stream().mapToInt(Integer::intValue).toArray(), timeOffsets.stream().mapToInt(Integer::intValue).toArray());
  }

  private static void appendSpan(
      StringBuilder out, List<Integer> offsets, List<Integer> spanOffsets, List<Integer> timeOffsets, Span span,
      String service, Resource resource) {
    out.append("{\"traceId\":\"");
    offsets.add(out.length());
    out.append(HEX.formatHex(span.getTraceId().toByteArray()));
    out.append("\",\"id\":\"");
    spanOffsets.add(out.length());
    out.append(HEX.formatHex(span.getSpanId().toByteArray())).append('"');
    if (!span.getParentSpanId().isEmpty()) {
      out.append(",\"parentId\":\"");
      spanOffsets.add(out.length());
      out.append(HEX.formatHex(span.getParentSpanId().toByteArray())).append('"');
    }
    String kind = kind(span.getKind());
    if (kind != null) {
      out.append(",\"kind\":\"").append(kind).append('"');
    }
    out.append(",\"name\":");
    string(out, span.getName());
    long startMicros = span.getStartTimeUnixNano() / 1000;
    long durationMicros = Math.max(1, (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1000);
    out.append(",\"timestamp\":");
    timestamp(out, timeOffsets, startMicros);
    out.append(",\"duration\":").append(durationMicros);
    out.append(",\"localEndpoint\":{\"serviceName\":");
    string(out, service);
    out.append('}');
    if (span.getEventsCount() > 0) {
      out.append(",\"annotations\":[");
      for (int i = 0; i < span.getEventsCount(); i++) {
        Span.Event event = span.getEvents(i);
        if (i > 0) {
          out.append(',');
        }
        out.append("{\"timestamp\":");
        timestamp(out, timeOffsets, event.getTimeUnixNano() / 1000);
        out.append(",\"value\":");
        string(out, event.getName());
        out.append('}');
      }
      out.append(']');
    }
    out.append(",\"tags\":{");
    boolean first = true;
    for (KeyValue kv : span.getAttributesList()) {
      first = tag(out, first, kv.getKey(), text(kv.getValue()));
    }
    for (KeyValue kv : resource.getAttributesList()) {
      if (!kv.getKey().equals("service.name")) {
        first = tag(out, first, kv.getKey(), text(kv.getValue()));
      }
    }
    if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
      tag(out, first, "error", span.getStatus().getMessage().isEmpty() ? "true" : span.getStatus().getMessage());
    }
    out.append("}}");
  }

  /** Microseconds since the epoch have 16 digits from 2001 to 2286: only those are recorded, to be shifted in place. */
  private static void timestamp(StringBuilder out, List<Integer> timeOffsets, long micros) {
    if (Long.toString(micros).length() == 16) {
      timeOffsets.add(out.length());
    }
    out.append(micros);
  }

  private static boolean tag(StringBuilder out, boolean first, String key, String value) {
    if (!first) {
      out.append(',');
    }
    string(out, key);
    out.append(':');
    string(out, value);
    return false;
  }

  static String kind(Span.SpanKind kind) {
    return switch (kind) {
      case SPAN_KIND_SERVER -> "SERVER";
      case SPAN_KIND_CLIENT -> "CLIENT";
      case SPAN_KIND_PRODUCER -> "PRODUCER";
      case SPAN_KIND_CONSUMER -> "CONSUMER";
      default -> null;
    };
  }

  /** An attribute value as Zipkin tags carry it: always a string. */
  static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(ZipkinJson::text).toList().toString();
      case BYTES_VALUE -> HEX.formatHex(value.getBytesValue().toByteArray());
      default -> "";
    };
  }

  private static String attribute(Resource resource, String key) {
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals(key)) {
        return text(kv.getValue());
      }
    }
    return "unknown";
  }

  /** A JSON string literal, escaping quotes, backslashes and everything outside printable ASCII. */
  static void string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
