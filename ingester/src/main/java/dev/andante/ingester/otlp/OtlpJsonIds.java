package dev.andante.ingester.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.HexFormat;

/**
 * OTLP JSON writes trace and span IDs as hex, where protobuf's JSON mapping expects base64 for bytes
 * fields. This rewrites the ID fields of a parsed ExportTraceServiceRequest tree from hex to base64
 * before it is handed to {@code JsonFormat}, which would otherwise decode hex as base64 into IDs of
 * the wrong length.
 */
final class OtlpJsonIds {
  private static final HexFormat HEX = HexFormat.of();
  private static final Base64.Encoder BASE64 = Base64.getEncoder();

  private OtlpJsonIds() {}

  /** Rewrites every span's and link's IDs in place. */
  static void hexToBase64(JsonNode request) {
    for (JsonNode resourceSpans : array(request, "resourceSpans", "resource_spans")) {
      for (JsonNode scopeSpans : array(resourceSpans, "scopeSpans", "scope_spans")) {
        for (JsonNode span : array(scopeSpans, "spans", "spans")) {
          convert(span, "traceId", "trace_id");
          convert(span, "spanId", "span_id");
          convert(span, "parentSpanId", "parent_span_id");
          for (JsonNode link : array(span, "links", "links")) {
            convert(link, "traceId", "trace_id");
            convert(link, "spanId", "span_id");
          }
        }
      }
    }
  }

  private static Iterable<JsonNode> array(JsonNode parent, String name, String protoName) {
    JsonNode node = parent.has(name) ? parent.get(name) : parent.get(protoName);
    return node != null && node.isArray() ? node : java.util.List.of();
  }

  private static void convert(JsonNode owner, String name, String protoName) {
    if (!(owner instanceof ObjectNode object)) {
      return;
    }
    String field = object.has(name) ? name : object.has(protoName) ? protoName : null;
    if (field == null || !object.get(field).isTextual()) {
      return;
    }
    String hex = object.get(field).asText();
    byte[] bytes;
    try {
      bytes = HEX.parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new RejectedRequestException(
          RejectedRequestException.Reason.MALFORMED,
          "Cannot decode OTLP JSON: " + field + " '" + abbreviate(hex) + "' is not hex (OTLP JSON carries IDs as hex)");
    }
    object.put(field, BASE64.encodeToString(bytes));
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
