package dev.andante.querier.http;

import static dev.andante.querier.testing.Spans.batch;
import static dev.andante.querier.testing.Spans.span;
import static dev.andante.querier.testing.Spans.trace;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UnknownFieldSet;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.testing.TraceNormalizer;
import dev.andante.blockformat.trace.OtlpJson;
import dev.andante.blockformat.trace.Trace;
import dev.andante.querier.QuerierConfig;
import dev.andante.querier.metrics.MetricsRegistry;
import dev.andante.querier.testing.MemoryRecentTraces;
import dev.andante.querier.testing.TestBlocks;
import dev.andante.querier.tracebyid.TraceByIdService;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuerierServerTest {
  private static final TenantId ACME = new TenantId("acme");
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final TraceId ID = TraceId.parseHex("4bf92f3577b34da6a3ce929d0e0e4736");
  private static final TraceId SHORT_ID = TraceId.parseHex("abc123");

  @TempDir Path staging;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicReference<Optional<String>> notReady = new AtomicReference<>(Optional.empty());
  private Vertx vertx;
  private TestBlocks blocks;
  private TraceByIdService traces;
  private QuerierServer server;
  private Trace whole;

  @BeforeEach
  void start() throws Exception {
    blocks = new TestBlocks(staging);
    var root = span(ID, 1, 0, "GET /checkout", T0);
    var pay = span(ID, 2, 1, "POST /pay", T0.plusMillis(5));
    var ship = span(ID, 3, 1, "POST /ship", T0.plusMillis(9));
    blocks.write(ACME, trace(ID, batch("frontend", root), batch("payments", pay)));
    blocks.write(ACME, trace(ID, batch("payments", pay), batch("shipping", ship)),
        trace(SHORT_ID, batch("frontend", span(SHORT_ID, 9, 0, "GET /", T0))));
    var email = span(ID, 4, 1, "send receipt", T0.plusSeconds(2));
    MemoryRecentTraces recent = new MemoryRecentTraces().put(ACME, trace(ID, batch("email", email)));
    whole = trace(ID, batch("frontend", root), batch("payments", pay), batch("shipping", ship), batch("email", email));

    QuerierConfig config = new QuerierConfig("127.0.0.1", 0, true, Duration.ofSeconds(10), 4);
    traces = new TraceByIdService(config, blocks.blocklist, blocks.readers, recent);
    vertx = Vertx.vertx();
    server = new QuerierServer(vertx, config, traces, notReady::get);
    server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    traces.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(15));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> getTrace(String path, String... headers) throws Exception {
    String[] withTenant = new String[headers.length + 2];
    withTenant[0] = TenantId.HEADER;
    withTenant[1] = "acme";
    System.arraycopy(headers, 0, withTenant, 2, headers.length);
    return get(path, withTenant);
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void v1JsonHasBatchesWithHexIds() throws Exception {
    HttpResponse<byte[]> response = getTrace("/api/traces/" + ID.toHex());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject json = new JsonObject(text(response));
    JsonArray batches = json.getJsonArray("batches");
    assertThat(batches).hasSize(4);
    for (Object b : batches) {
      for (Object ss : ((JsonObject) b).getJsonArray("scopeSpans")) {
        for (Object s : ((JsonObject) ss).getJsonArray("spans")) {
          JsonObject spanJson = (JsonObject) s;
          assertThat(spanJson.getString("traceId")).isEqualTo(ID.toHex()).hasSize(32);
          assertThat(spanJson.getString("spanId")).matches("[0-9a-f]{16}");
        }
      }
    }
    TracesData decoded = OtlpJson.parseTracesData(new JsonObject().put("resourceSpans", batches).encode());
    assertThat(normalized(decoded.getResourceSpansList())).isEqualTo(normalized(whole));
  }

  @Test
  void v1ProtobufIsTracesData() throws Exception {
    HttpResponse<byte[]> response = getTrace("/api/traces/" + ID.toHex(), "Accept", "application/protobuf");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/protobuf");
    assertThat(normalized(TracesData.parseFrom(response.body()).getResourceSpansList())).isEqualTo(normalized(whole));
  }

  @Test
  void v2JsonWrapsResourceSpansInTrace() throws Exception {
    HttpResponse<byte[]> response = getTrace("/api/v2/traces/" + ID.toHex());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject json = new JsonObject(text(response));
    assertThat(json.containsKey("status")).isFalse();
    String firstTraceId = json.getJsonObject("trace").getJsonArray("resourceSpans").getJsonObject(0)
        .getJsonArray("scopeSpans").getJsonObject(0).getJsonArray("spans").getJsonObject(0).getString("traceId");
    assertThat(firstTraceId).isEqualTo(ID.toHex());
    TracesData decoded = OtlpJson.parseTracesData(json.getJsonObject("trace").encode());
    assertThat(normalized(decoded.getResourceSpansList())).isEqualTo(normalized(whole));
  }

  @Test
  void v2ProtobufIsTraceByIdResponseWithTheTraceInField1() throws Exception {
    HttpResponse<byte[]> response = getTrace("/api/v2/traces/" + ID.toHex(), "Accept", "application/protobuf");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/protobuf");
    UnknownFieldSet fields = UnknownFieldSet.parseFrom(response.body());
    assertThat(fields.asMap().keySet()).containsExactly(1);
    TracesData trace = TracesData.parseFrom(fields.getField(1).getLengthDelimitedList().get(0));
    assertThat(normalized(trace.getResourceSpansList())).isEqualTo(normalized(whole));
  }

  @Test
  void shortIdsAreLeftPadded() throws Exception {
    HttpResponse<byte[]> response = getTrace("/api/traces/abc123", "Accept", "application/protobuf");

    assertThat(response.statusCode()).isEqualTo(200);
    List<ResourceSpans> rs = TracesData.parseFrom(response.body()).getResourceSpansList();
    assertThat(rs.get(0).getScopeSpans(0).getSpans(0).getTraceId().toByteArray()).isEqualTo(SHORT_ID.bytes());
  }

  @Test
  void startAndEndPruneBlocks() throws Exception {
    long t0 = T0.getEpochSecond();
    HttpResponse<byte[]> outside = getTrace("/api/traces/" + ID.toHex() + "?start=" + (t0 + 3600) + "&end=" + (t0 + 7200));
    // Only the recent source answers: no block overlaps that hour.
    assertThat(outside.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(text(outside)).getJsonArray("batches")).hasSize(1);
    assertThat(server.metrics().scrape()).contains("andante_querier_blocks_read_per_lookup_bucket{le=\"0\"} 1");

    HttpResponse<byte[]> inside = getTrace("/api/traces/" + ID.toHex() + "?start=" + (t0 - 60) + "&end=" + (t0 + 60));
    assertThat(new JsonObject(text(inside)).getJsonArray("batches")).hasSize(4);
    assertThat(server.metrics().scrape()).contains("andante_querier_blocks_read_per_lookup_sum 2");
  }

  @Test
  void badRequestsSayWhatIsWrong() throws Exception {
    assertError(getTrace("/api/traces/xyz"), 400, "only hex digits are allowed");
    assertError(getTrace("/api/traces/" + "a".repeat(33)), 400, "at most 32 are allowed");
    assertError(getTrace("/api/v2/traces/" + ID.toHex() + "?start=yesterday"), 400, "start must be unix epoch seconds, got 'yesterday'");
    assertError(getTrace("/api/traces/" + ID.toHex() + "?end=-5"), 400, "end must be unix epoch seconds, got -5");
    assertError(getTrace("/api/traces/" + ID.toHex() + "?start=200&end=100"), 400, "start (200) must not be after end (100)");
  }

  @Test
  void tenantIsRequiredAndChecked() throws Exception {
    assertError(get("/api/traces/" + ID.toHex()), 401, "the X-Scope-OrgID header is required");
    assertError(get("/api/traces/" + ID.toHex(), TenantId.HEADER, "acme/../globex"), 401, "may contain only");
    assertError(get("/api/traces/" + ID.toHex(), TenantId.HEADER, "globex"), 404, "trace not found");
  }

  @Test
  void unknownTraceIsNotFound() throws Exception {
    assertError(getTrace("/api/traces/1234"), 404, "trace not found");
    assertError(getTrace("/api/v2/traces/1234", "Accept", "application/protobuf"), 404, "trace not found");
  }

  @Test
  void echoReadyAndBuildInfo() throws Exception {
    HttpResponse<byte[]> echo = get("/api/echo");
    assertThat(echo.statusCode()).isEqualTo(200);
    assertThat(text(echo)).isEqualTo("echo");

    assertThat(text(get("/ready"))).isEqualTo("ready");
    notReady.set(Optional.of("ingester: replaying WAL"));
    assertError(get("/ready"), 503, "not ready: ingester: replaying WAL");

    HttpResponse<byte[]> info = get("/status/buildinfo");
    assertThat(info.statusCode()).isEqualTo(200);
    JsonObject json = new JsonObject(text(info));
    assertThat(json.getString("version")).isNotBlank();
    assertThat(json.getString("javaVersion")).isEqualTo(System.getProperty("java.version"));
  }

  @Test
  void metricsCountRequestsAndLookups() throws Exception {
    getTrace("/api/traces/" + ID.toHex());
    getTrace("/api/traces/1234");
    getTrace("/api/traces/xyz");
    get("/api/echo");

    HttpResponse<byte[]> metrics = get("/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValue(MetricsRegistry.CONTENT_TYPE);
    assertThat(text(metrics))
        .contains("andante_querier_requests_total{route=\"/api/traces/{id}\",status=\"200\"} 1")
        .contains("andante_querier_requests_total{route=\"/api/traces/{id}\",status=\"404\"} 1")
        .contains("andante_querier_requests_total{route=\"/api/traces/{id}\",status=\"400\"} 1")
        .contains("andante_querier_requests_total{route=\"/api/echo\",status=\"200\"} 1")
        .contains("andante_querier_trace_lookups_total{result=\"found\"} 1")
        .contains("andante_querier_trace_lookups_total{result=\"not_found\"} 1")
        .contains("andante_querier_block_read_failures_total 0")
        .contains("andante_querier_blocks_read_per_lookup_count 2");
  }

  @Test
  void unreadableBlockGivesAPartialTrace() throws Exception {
    var broken = blocks.blocklist.metas(ACME).get(0);
    for (String key : blocks.store.list(broken.tenantId() + "/" + broken.blockId() + "/")) {
      if (!key.endsWith("/meta.json")) {
        blocks.store.write(key, "garbage, not a block".getBytes(StandardCharsets.UTF_8));
      }
    }

    HttpResponse<byte[]> response = getTrace("/api/v2/traces/" + ID.toHex());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject json = new JsonObject(text(response));
    assertThat(json.getString("status")).isEqualTo("PARTIAL");
    assertThat(json.getString("message")).contains("1 of 2 blocks could not be read");
    assertThat(json.getJsonObject("trace").getJsonArray("resourceSpans")).isNotEmpty();
    assertThat(server.metrics().scrape())
        .contains("andante_querier_block_read_failures_total 1")
        .contains("andante_querier_trace_lookups_total{result=\"partial\"} 1");

    HttpResponse<byte[]> proto = getTrace("/api/v2/traces/" + ID.toHex(), "Accept", "application/protobuf");
    UnknownFieldSet fields = UnknownFieldSet.parseFrom(proto.body());
    assertThat(fields.getField(3).getVarintList()).containsExactly(1L);
    assertThat(fields.getField(4).getLengthDelimitedList().get(0).toStringUtf8()).contains("could not be read");
  }

  @Test
  void manyConcurrentLookupsAllAnswer() {
    List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String path = (i % 2 == 0 ? "/api/traces/" : "/api/v2/traces/") + (i % 3 == 0 ? "1234" : ID.toHex());
      responses.add(http.sendAsync(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
              .header(TenantId.HEADER, "acme").timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (int i = 0; i < responses.size(); i++) {
      assertThat(responses.get(i).join().statusCode()).isEqualTo(i % 3 == 0 ? 404 : 200);
    }
  }

  @Test
  void lookupThatOutlivesTheQueryTimeoutIsAGatewayTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    QuerierConfig fast = new QuerierConfig("127.0.0.1", 0, false, Duration.ofMillis(300), 2);
    try (TraceByIdService stuck = new TraceByIdService(fast, blocks.blocklist, blocks.readers, (tenant, id) -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Optional.empty();
    })) {
      QuerierServer slow = new QuerierServer(vertx, fast, stuck, ReadinessCheck.READY);
      slow.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      try {
        HttpResponse<byte[]> response = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + slow.port() + "/api/traces/" + ID.toHex())).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertError(response, 504, "Cannot find trace: no answer within PT0.3S");
        assertThat(slow.metrics().scrape()).contains("andante_querier_trace_lookups_total{result=\"timeout\"} 1");
      } finally {
        release.countDown();
        slow.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void unknownPathIsNotFound() throws Exception {
    assertError(get("/api/nothing"), 404, "Cannot serve GET /api/nothing: no such endpoint");
  }

  private static void assertError(HttpResponse<byte[]> response, int status, String message) {
    assertThat(response.statusCode()).as(text(response)).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Responses.TEXT);
    assertThat(text(response)).contains(message);
  }

  private static Object normalized(Trace trace) {
    return TraceNormalizer.normalize(trace.resourceSpans());
  }

  private static Object normalized(List<ResourceSpans> resourceSpans) {
    return TraceNormalizer.normalize(resourceSpans);
  }
}
