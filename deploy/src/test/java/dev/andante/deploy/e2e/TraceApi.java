package dev.andante.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A client of the querier's HTTP API, as Grafana or a person with curl would use it. */
final class TraceApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  TraceApi(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** One answer: status, content type and body. */
  record Answer(int status, String contentType, byte[] body) {
    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  Answer get(String path, String accept) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response.headers().firstValue("content-type").orElse(""), response.body());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot GET " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot GET " + path + ": interrupted", e);
    }
  }

  Answer post(String path, String contentType, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(response.statusCode(), response.headers().firstValue("content-type").orElse(""), response.body());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot POST " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot POST " + path + ": interrupted", e);
    }
  }

  /** The trace through {@code /api/traces/<id>} as JSON ({@code {"batches":[...]}}). */
  List<ResourceSpans> v1Json(String id) {
    Answer a = expectOk(get("/api/traces/" + id, null), "/api/traces/" + id);
    return fromJson(readTree(a.body()).path("batches"));
  }

  /** The trace through {@code /api/traces/<id>} as protobuf (Tempo's Trace: repeated batches = 1). */
  List<ResourceSpans> v1Proto(String id) {
    Answer a = expectOk(get("/api/traces/" + id, "application/protobuf"), "/api/traces/" + id + " (protobuf)");
    try {
      return TracesData.parseFrom(a.body()).getResourceSpansList();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot parse protobuf trace: " + e.getMessage(), e);
    }
  }

  /** The trace through {@code /api/v2/traces/<id>} as JSON ({@code {"trace":{"resourceSpans":[...]}}}). */
  List<ResourceSpans> v2Json(String id) {
    Answer a = expectOk(get("/api/v2/traces/" + id, null), "/api/v2/traces/" + id);
    JsonNode trace = readTree(a.body()).path("trace");
    JsonNode batches = trace.has("resourceSpans") ? trace.get("resourceSpans") : trace.path("batches");
    return fromJson(batches);
  }

  /** The trace through {@code /api/v2/traces/<id>} as protobuf (TraceByIDResponse: Trace trace = 1). */
  List<ResourceSpans> v2Proto(String id) {
    Answer a = expectOk(get("/api/v2/traces/" + id, "application/protobuf"), "/api/v2/traces/" + id + " (protobuf)");
    try {
      UnknownFieldSet response = UnknownFieldSet.parseFrom(a.body());
      List<com.google.protobuf.ByteString> trace = response.getField(1).getLengthDelimitedList();
      if (trace.isEmpty()) {
        return List.of();
      }
      return TracesData.parseFrom(trace.get(0)).getResourceSpansList();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot parse protobuf trace: " + e.getMessage(), e);
    }
  }

  private static Answer expectOk(Answer a, String what) {
    if (a.status() != 200) {
      throw new AssertionError("GET " + what + " answered " + a.status() + ": " + a.text());
    }
    return a;
  }

  private static JsonNode readTree(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot parse JSON answer: " + e.getMessage(), e);
    }
  }

  /**
   * OTLP JSON (hex IDs, as the spec requires) into protobuf: protobuf's JsonFormat reads bytes
   * fields as base64, so the IDs are converted first. An ID that is not hex fails the test.
   */
  static List<ResourceSpans> fromJson(JsonNode batches) {
    if (!batches.isArray()) {
      throw new AssertionError("expected a list of resource spans, got " + batches);
    }
    ArrayNode copy = batches.deepCopy();
    hexToBase64(copy);
    ObjectNode data = JSON.createObjectNode();
    data.set("resourceSpans", copy);
    TracesData.Builder builder = TracesData.newBuilder();
    try {
      JsonFormat.parser().merge(JSON.writeValueAsString(data), builder);
    } catch (IOException e) {
      throw new AssertionError("Cannot read OTLP JSON: " + e.getMessage(), e);
    }
    return builder.getResourceSpansList();
  }

  private static void hexToBase64(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (ID_FIELDS.contains(f.getKey()) && f.getValue().isTextual()) {
          String hex = f.getValue().textValue();
          if (!hex.matches("([0-9a-f]{16}|[0-9a-f]{32})?")) {
            throw new AssertionError(f.getKey() + " is not lower-case hex of 8 or 16 bytes: '" + hex + "'");
          }
          f.setValue(JSON.getNodeFactory().textNode(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex))));
        } else {
          hexToBase64(f.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(TraceApi::hexToBase64);
    }
  }
}
