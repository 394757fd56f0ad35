package dev.andante.ingester.otlp;

import static dev.andante.ingester.testing.Spans.id;
import static dev.andante.ingester.testing.Spans.request;
import static dev.andante.ingester.testing.Spans.resourceSpans;
import static dev.andante.ingester.testing.Spans.span;
import static dev.andante.ingester.testing.Spans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.distributor.Distributor;
import dev.andante.ingester.testing.Configs;
import dev.andante.ingester.testing.StatusBodies;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OTLP/HTTP against a running receiver feeding a real distributor. */
class OtlpHttpReceiverTest {
  private static final int MAX_REQUEST_BYTES = 64 * 1024;
  private static final byte[] VALID_TRACE = traceId(0x5A);

  // The JDK client upgrades to h2c; OTLP exporters mostly speak HTTP/1.1. Both are exercised.
  private final HttpClient client = HttpClient.newHttpClient();
  private final HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<Trace> pushed = new CopyOnWriteArrayList<>();
  private final Map<TraceId, TenantId> tenants = new ConcurrentHashMap<>();
  private Vertx vertx;
  private IngesterServer server;
  private IngesterServer multitenantServer;
  private URI uri;
  private URI multitenantUri;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Distributor distributor =
        new Distributor(
            (tenant, pieces) -> {
              pushed.addAll(pieces);
              pieces.forEach(p -> tenants.put(p.id(), tenant));
              return java.util.List.of();
            });
    server = new IngesterServer(vertx, Configs.ephemeral(false, MAX_REQUEST_BYTES), distributor::push);
    multitenantServer = new IngesterServer(vertx, Configs.ephemeral(true, MAX_REQUEST_BYTES), distributor::push);
    uri = URI.create("http://127.0.0.1:" + await(server.start()).httpPort() + "/v1/traces");
    multitenantUri = URI.create("http://127.0.0.1:" + await(multitenantServer.start()).httpPort() + "/v1/traces");
  }

  @AfterEach
  void stop() throws Exception {
    await(server.stop());
    await(multitenantServer.stop());
    await(vertx.close());
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<byte[]> post(URI target, String contentType, byte[] body, String... headers) throws Exception {
    return post(client, target, contentType, body, headers);
  }

  private static HttpResponse<byte[]> post(
      HttpClient client, URI target, String contentType, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static ExportTraceServiceRequest validRequest() {
    return request(resourceSpans("frontend", span(VALID_TRACE, id(8, 1), "GET /")));
  }

  private void assertStillServing() throws Exception {
    pushed.clear();
    HttpResponse<byte[]> response = post(uri, "application/x-protobuf", validRequest().toByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(pushed).hasSize(1);
  }

  @Test
  void acceptsProtobuf() throws Exception {
    HttpResponse<byte[]> response = post(uri, "application/x-protobuf", validRequest().toByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/x-protobuf");
    assertThat(ExportTraceServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();
    assertThat(pushed).extracting(Trace::id).containsExactly(TraceId.of(VALID_TRACE));
    assertThat(tenants.get(TraceId.of(VALID_TRACE))).isEqualTo(TenantId.SINGLE_TENANT);
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
      gzip.write(bytes);
    }
    return compressed.toByteArray();
  }

  @Test
  void acceptsGzippedProtobufOverHttp11AndH2c() throws Exception {
    for (HttpClient c : List.of(http11, client)) {
      pushed.clear();
      HttpResponse<byte[]> response =
          post(c, uri, "application/x-protobuf", gzip(validRequest().toByteArray()), "Content-Encoding", "gzip");

      assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(pushed).extracting(Trace::id).containsExactly(TraceId.of(VALID_TRACE));
    }
  }

  @Test
  void refusesGzipThatInflatesPastTheLimitAndUnknownEncodings() throws Exception {
    HttpResponse<byte[]> bomb =
        post(uri, "application/x-protobuf", gzip(new byte[MAX_REQUEST_BYTES * 4]), "Content-Encoding", "gzip");
    assertThat(bomb.statusCode()).isEqualTo(413);
    assertThat(StatusBodies.parse(bomb.body()).message()).contains("exceeds " + MAX_REQUEST_BYTES + " bytes once inflated");

    HttpResponse<byte[]> notGzip =
        post(uri, "application/x-protobuf", validRequest().toByteArray(), "Content-Encoding", "gzip");
    assertThat(notGzip.statusCode()).isEqualTo(400);
    assertThat(StatusBodies.parse(notGzip.body()).message()).contains("Cannot decompress gzip");

    HttpResponse<byte[]> brotli =
        post(uri, "application/x-protobuf", validRequest().toByteArray(), "Content-Encoding", "br");
    assertThat(brotli.statusCode()).isEqualTo(415);
    assertThat(StatusBodies.parse(brotli.body()).message()).contains("content encoding 'br' is not supported");
    assertStillServing();
  }

  @Test
  void acceptsOtlpJsonWithHexIds() throws Exception {
    String json =
        """
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},
          "scopeSpans":[{"scope":{"name":"manual"},"spans":[
            {"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"",
             "name":"add item","kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000",
             "attributes":[{"key":"count","value":{"intValue":"3"}},{"key":"ratio","value":{"doubleValue":0.5}}],
             "links":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708"}]}]}]}]}
        """;

    HttpResponse<byte[]> response = post(uri, "application/json", json.getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(new JsonObject(new String(response.body(), StandardCharsets.UTF_8)).isEmpty()).isTrue();
    TraceId expected = TraceId.parseHex("5b8efff798038103d269b633813fc60c");
    assertThat(pushed).extracting(Trace::id).containsExactly(expected);
    var span = pushed.get(0).resourceSpans().get(0).getScopeSpans(0).getSpans(0);
    assertThat(java.util.HexFormat.of().formatHex(span.getSpanId().toByteArray())).isEqualTo("eee19b7ec3c1b174");
    assertThat(span.getParentSpanId().isEmpty()).isTrue();
    assertThat(span.getLinks(0).getTraceId().size()).isEqualTo(16);
    assertThat(span.getAttributes(0).getValue().getIntValue()).isEqualTo(3);
  }

  @Test
  void answersPartialSuccessForInvalidIdsInTheRequestsEncoding() throws Exception {
    String json =
        """
        {"resourceSpans":[{"scopeSpans":[{"spans":[
          {"traceId":"0102030405060708","spanId":"0102030405060708","name":"short"},
          {"traceId":"00000000000000000000000000000000","spanId":"0102030405060708","name":"zero"},
          {"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","name":"fine"}]}]}]}
        """;

    HttpResponse<byte[]> response = post(uri, "application/json", json.getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject partial = new JsonObject(new String(response.body(), StandardCharsets.UTF_8)).getJsonObject("partialSuccess");
    assertThat(partial.getString("rejectedSpans")).isEqualTo("2");
    assertThat(partial.getString("errorMessage"))
        .contains("1 span refused: trace_id must be 16 bytes, got 8")
        .contains("1 span refused: trace_id must not be all zero");
    assertThat(pushed).hasSize(1);

    HttpResponse<byte[]> protobuf =
        post(uri, "application/x-protobuf", request(resourceSpans("svc", span(id(8, 1), id(8, 1), "x"))).toByteArray());
    ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(protobuf.body());
    assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(answer.getPartialSuccess().getErrorMessage()).isEqualTo("1 span refused: trace_id must be 16 bytes, got 8");
  }

  @Test
  void refusesMalformedProtobufWithAStatusSayingWhy() throws Exception {
    HttpResponse<byte[]> response = post(uri, "application/x-protobuf", new byte[] {0x0A, 0x7F, 0x01, 0x02});

    assertThat(response.statusCode()).isEqualTo(400);
    StatusBodies.Status status = StatusBodies.parse(response.body());
    assertThat(status.code()).isEqualTo(3);
    assertThat(status.message()).contains("Cannot decode ExportTraceServiceRequest from protobuf");
    assertStillServing();
  }

  @Test
  void refusesMalformedJsonWithAJsonStatusSayingWhy() throws Exception {
    HttpResponse<byte[]> response = post(uri, "application/json", "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject status = new JsonObject(new String(response.body(), StandardCharsets.UTF_8));
    assertThat(status.getInteger("code")).isEqualTo(3);
    assertThat(status.getString("message")).contains("Cannot decode OTLP JSON").contains("line 1");

    HttpResponse<byte[]> wrongShape =
        post(uri, "application/json", "{\"resourceSpans\": {\"x\": 1}}".getBytes(StandardCharsets.UTF_8));
    assertThat(wrongShape.statusCode()).isEqualTo(400);
    assertThat(new String(wrongShape.body(), StandardCharsets.UTF_8)).contains("Cannot decode OTLP JSON");

    HttpResponse<byte[]> notHex =
        post(
            uri,
            "application/json",
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"W47/95gDgQPSabYzgT/GDA==\",\"spanId\":\"0102030405060708\"}]}]}]}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(notHex.statusCode()).isEqualTo(400);
    assertThat(new String(notHex.body(), StandardCharsets.UTF_8)).contains("traceId").contains("is not hex");
    assertStillServing();
  }

  @Test
  void refusesOtherContentTypes() throws Exception {
    HttpResponse<byte[]> response = post(uri, "text/plain", "hello".getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(new String(response.body(), StandardCharsets.UTF_8))
        .contains("content type 'text/plain' is not supported");
    assertStillServing();
  }

  @Test
  void refusesBodiesOverTheLimit() throws Exception {
    byte[] big = new byte[MAX_REQUEST_BYTES + 1];

    HttpResponse<byte[]> response = post(uri, "application/x-protobuf", big);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(StatusBodies.parse(response.body()).message()).contains("exceeds " + MAX_REQUEST_BYTES + " bytes");
    assertStillServing();
  }

  @Test
  void requiresAValidTenantWhenMultitenant() throws Exception {
    HttpResponse<byte[]> missing = post(multitenantUri, "application/x-protobuf", validRequest().toByteArray());
    assertThat(missing.statusCode()).isEqualTo(401);
    StatusBodies.Status status = StatusBodies.parse(missing.body());
    assertThat(status.code()).isEqualTo(16);
    assertThat(status.message()).contains("X-Scope-OrgID header is required");

    HttpResponse<byte[]> invalid =
        post(multitenantUri, "application/x-protobuf", validRequest().toByteArray(), "X-Scope-OrgID", "../etc");
    assertThat(invalid.statusCode()).isEqualTo(401);
    assertThat(StatusBodies.parse(invalid.body()).message()).contains("may contain only");

    HttpResponse<byte[]> ok =
        post(multitenantUri, "application/x-protobuf", validRequest().toByteArray(), "X-Scope-OrgID", "team-a");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(tenants.get(TraceId.of(VALID_TRACE))).isEqualTo(new TenantId("team-a"));
  }

  @Test
  void answersOnlyPostOnTheTracesPath() throws Exception {
    HttpResponse<byte[]> other =
        post(URI.create(uri.toString().replace("/v1/traces", "/v1/logs")), "application/x-protobuf", new byte[0]);
    assertThat(other.statusCode()).isEqualTo(404);
  }
}
