package dev.andante.blockformat.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * OTLP JSON for traces, with trace and span IDs as hex strings as the OTLP spec requires.
 *
 * <p>Protobuf's {@link JsonFormat} reads and writes bytes fields as base64. Every 16-byte and
 * 8-byte ID written as hex (32 or 16 digits) is also valid, canonical base64, so IDs are carried
 * through JsonFormat as "the bytes whose base64 form is the hex form" and converted on either side:
 * no second JSON pass. Field names may be lowerCamelCase or snake_case, enums names or numbers,
 * 64-bit integers numbers or strings; unknown fields are ignored, as OTLP/JSON receivers must.
 *
 * <p>Printing writes lowerCamelCase names, enum names (as Tempo's API does), 64-bit integers as
 * strings, and omits default values. Thread safe.
 */
public final class OtlpJson {
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();
  private static final int TRACE_ID_BYTES = 16;
  private static final int SPAN_ID_BYTES = 8;

  private OtlpJson() {}

  // ---------------------------------------------------------------- parsing

  /**
   * An OTLP/HTTP JSON request body.
   *
   * @throws IllegalArgumentException naming what is wrong, e.g. {@code traceId 'xyz' is not 32 hex
   *     digits (resourceSpans[0].scopeSpans[0].spans[2])}
   */
  public static ExportTraceServiceRequest parseExportRequest(String json) {
    ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
    merge(json, builder);
    fromHex(json, builder.getResourceSpansBuilderList());
    return builder.build();
  }

  /** An OTLP/HTTP JSON request body in UTF-8. */
  public static ExportTraceServiceRequest parseExportRequest(byte[] utf8) {
    if (utf8 == null) {
      throw new IllegalArgumentException("utf8 must not be null");
    }
    return parseExportRequest(new String(utf8, StandardCharsets.UTF_8));
  }

  /** A {@code TracesData} document ({@code {"resourceSpans":[...]}}), e.g. Tempo's v2 answer. */
  public static TracesData parseTracesData(String json) {
    TracesData.Builder builder = TracesData.newBuilder();
    merge(json, builder);
    fromHex(json, builder.getResourceSpansBuilderList());
    return builder.build();
  }

  /** One ResourceSpans object. */
  public static ResourceSpans parseResourceSpans(String json) {
    ResourceSpans.Builder builder = ResourceSpans.newBuilder();
    merge(json, builder);
    fromHex(json, "", builder);
    return builder.build();
  }

  private static void merge(String json, Message.Builder builder) {
    if (json == null) {
      throw new IllegalArgumentException("json must not be null");
    }
    try {
      PARSER.merge(json, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      // JsonFormat fails on an ID that is not even base64 ("xyz"); name the ID rather than base64.
      String idProblem = diagnoseIds(json);
      String reason = idProblem != null ? idProblem : e.getMessage();
      throw new IllegalArgumentException("Cannot parse OTLP JSON: " + reason, e);
    }
  }

  private static void fromHex(String json, List<ResourceSpans.Builder> resourceSpans) {
    for (int r = 0; r < resourceSpans.size(); r++) {
      fromHex(json, "resourceSpans[" + r + "]", resourceSpans.get(r));
    }
  }

  private static void fromHex(String json, String rsPath, ResourceSpans.Builder rs) {
    List<ScopeSpans.Builder> scopes = rs.getScopeSpansBuilderList();
    for (int s = 0; s < scopes.size(); s++) {
      List<Span.Builder> spans = scopes.get(s).getSpansBuilderList();
      for (int i = 0; i < spans.size(); i++) {
        Span.Builder span = spans.get(i);
        String at = (rsPath.isEmpty() ? "" : rsPath + ".") + "scopeSpans[" + s + "].spans[" + i + "]";
        if (!span.getTraceId().isEmpty()) {
          span.setTraceId(idFromJson(json, span.getTraceId(), TRACE_ID_BYTES, "traceId", at));
        }
        if (!span.getSpanId().isEmpty()) {
          span.setSpanId(idFromJson(json, span.getSpanId(), SPAN_ID_BYTES, "spanId", at));
        }
        if (!span.getParentSpanId().isEmpty()) {
          span.setParentSpanId(idFromJson(json, span.getParentSpanId(), SPAN_ID_BYTES, "parentSpanId", at));
        }
        List<Span.Link.Builder> links = span.getLinksBuilderList();
        for (int l = 0; l < links.size(); l++) {
          Span.Link.Builder link = links.get(l);
          String linkAt = at + ".links[" + l + "]";
          if (!link.getTraceId().isEmpty()) {
            link.setTraceId(idFromJson(json, link.getTraceId(), TRACE_ID_BYTES, "traceId", linkAt));
          }
          if (!link.getSpanId().isEmpty()) {
            link.setSpanId(idFromJson(json, link.getSpanId(), SPAN_ID_BYTES, "spanId", linkAt));
          }
        }
      }
    }
  }

  /** The ID whose hex text JsonFormat took for base64 and decoded into {@code asBase64}. */
  private static ByteString idFromJson(String json, ByteString asBase64, int bytes, String field, String at) {
    String text = Base64.getEncoder().encodeToString(asBase64.toByteArray());
    if (isHex(text, bytes)) {
      return ByteString.copyFrom(HEX.parseHex(text));
    }
    // JsonFormat accepted it as base64, but it is not hex: report the text as sent.
    throw new IllegalArgumentException("Cannot parse OTLP JSON: " + idMessage(field, originalText(json, at, field, text), bytes, at));
  }

  private static boolean isHex(String text, int bytes) {
    if (text.length() != 2 * bytes) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.digit(text.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static String idMessage(String field, String text, int bytes, String at) {
    return field + " '" + text + "' is not " + 2 * bytes + " hex digits (" + at + ")";
  }

  /** The first malformed ID in {@code json}, read as a plain tree, or null. */
  private static String diagnoseIds(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      return "malformed JSON: " + e.getOriginalMessage();
    }
    if (root == null) {
      return "empty document";
    }
    JsonNode resourceSpans = field(root, "resourceSpans", "resource_spans");
    for (int r = 0; r < resourceSpans.size(); r++) {
      JsonNode scopes = field(resourceSpans.get(r), "scopeSpans", "scope_spans");
      for (int s = 0; s < scopes.size(); s++) {
        JsonNode spans = field(scopes.get(s), "spans", "spans");
        for (int i = 0; i < spans.size(); i++) {
          String at = "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]";
          JsonNode span = spans.get(i);
          String problem = firstProblem(span, at, "traceId", "trace_id", TRACE_ID_BYTES);
          problem = problem != null ? problem : firstProblem(span, at, "spanId", "span_id", SPAN_ID_BYTES);
          problem = problem != null ? problem : firstProblem(span, at, "parentSpanId", "parent_span_id", SPAN_ID_BYTES);
          if (problem != null) {
            return problem;
          }
          JsonNode links = field(span, "links", "links");
          for (int l = 0; l < links.size(); l++) {
            String linkAt = at + ".links[" + l + "]";
            problem = firstProblem(links.get(l), linkAt, "traceId", "trace_id", TRACE_ID_BYTES);
            problem = problem != null ? problem : firstProblem(links.get(l), linkAt, "spanId", "span_id", SPAN_ID_BYTES);
            if (problem != null) {
              return problem;
            }
          }
        }
      }
    }
    return null;
  }

  private static String firstProblem(JsonNode node, String at, String camel, String snake, int bytes) {
    JsonNode value = node.has(camel) ? node.get(camel) : node.get(snake);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      return camel + " " + value + " is not a string of " + 2 * bytes + " hex digits (" + at + ")";
    }
    String text = value.asText();
    return text.isEmpty() || isHex(text, bytes) ? null : idMessage(camel, text, bytes, at);
  }

  private static JsonNode field(JsonNode node, String camel, String snake) {
    if (node == null) {
      return MAPPER.createArrayNode();
    }
    JsonNode value = node.has(camel) ? node.get(camel) : node.get(snake);
    return value == null || !value.isArray() ? MAPPER.createArrayNode() : value;
  }

  private static String originalText(String json, String at, String field, String fallback) {
    String problem = diagnoseIds(json);
    if (problem != null && problem.startsWith(field + " '") && problem.endsWith("(" + at + ")")) {
      return problem.substring(field.length() + 2, problem.lastIndexOf("' is not"));
    }
    return fallback;
  }

  // ---------------------------------------------------------------- printing

  /**
   * {@code message} as OTLP JSON. Trace messages ({@link TracesData}, {@link
   * ExportTraceServiceRequest}, {@link ResourceSpans}, {@link ScopeSpans}, {@link Span}) get hex IDs;
   * other messages print as {@link JsonFormat} prints them.
   */
  public static String print(MessageOrBuilder message) {
    if (message == null) {
      throw new IllegalArgumentException("message must not be null");
    }
    MessageOrBuilder printable = message;
    if (message instanceof TracesData m) {
      TracesData.Builder b = m.toBuilder();
      b.getResourceSpansBuilderList().forEach(OtlpJson::toHex);
      printable = b;
    } else if (message instanceof ExportTraceServiceRequest m) {
      ExportTraceServiceRequest.Builder b = m.toBuilder();
      b.getResourceSpansBuilderList().forEach(OtlpJson::toHex);
      printable = b;
    } else if (message instanceof ResourceSpans m) {
      ResourceSpans.Builder b = m.toBuilder();
      toHex(b);
      printable = b;
    } else if (message instanceof ScopeSpans m) {
      ScopeSpans.Builder b = m.toBuilder();
      b.getSpansBuilderList().forEach(OtlpJson::toHex);
      printable = b;
    } else if (message instanceof Span m) {
      Span.Builder b = m.toBuilder();
      toHex(b);
      printable = b;
    }
    try {
      return PRINTER.print(printable);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("Cannot print " + message.getDescriptorForType().getName() + ": " + e.getMessage(), e);
    }
  }

  /** {@code [ {resourceSpans}, ... ]}. */
  public static String printResourceSpans(List<ResourceSpans> resourceSpans) {
    StringBuilder out = new StringBuilder(256 * (1 + resourceSpans.size())).append('[');
    for (int i = 0; i < resourceSpans.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(print(resourceSpans.get(i)));
    }
    return out.append(']').toString();
  }

  /** {@code {"batches":[...]}}, the answer of Tempo's {@code /api/traces/{id}}. */
  public static String printBatches(List<ResourceSpans> resourceSpans) {
    return "{\"batches\":" + printResourceSpans(resourceSpans) + "}";
  }

  /** {@code {"resourceSpans":[...]}}, a TracesData document. */
  public static String printTracesData(List<ResourceSpans> resourceSpans) {
    return "{\"resourceSpans\":" + printResourceSpans(resourceSpans) + "}";
  }

  private static void toHex(ResourceSpans.Builder rs) {
    for (ScopeSpans.Builder ss : rs.getScopeSpansBuilderList()) {
      for (Span.Builder span : ss.getSpansBuilderList()) {
        toHex(span);
      }
    }
  }

  private static void toHex(Span.Builder span) {
    span.setTraceId(idForJson(span.getTraceId()));
    span.setSpanId(idForJson(span.getSpanId()));
    span.setParentSpanId(idForJson(span.getParentSpanId()));
    for (Span.Link.Builder link : span.getLinksBuilderList()) {
      link.setTraceId(idForJson(link.getTraceId()));
      link.setSpanId(idForJson(link.getSpanId()));
    }
  }

  /**
   * The bytes that JsonFormat prints as {@code id}'s hex form. Hex text of an even number of bytes is
   * canonical base64; an ID of odd length (invalid anyway) cannot be carried so and prints as
   * JsonFormat prints it.
   */
  private static ByteString idForJson(ByteString id) {
    if (id.isEmpty() || (id.size() & 1) != 0) {
      return id;
    }
    return ByteString.copyFrom(Base64.getDecoder().decode(HEX.formatHex(id.toByteArray())));
  }
}
