package dev.andante.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.andante.blockformat.backend.StorageConfig;
import dev.andante.deploy.Andante;
import dev.andante.deploy.config.AndanteConfig;
import dev.andante.deploy.config.ConfigLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Andante in-process, as one would run it: every role, the local backend, the OpenTelemetry SDK as
 * the client. Every trace comes back whole and equal to what was sent, through both API versions,
 * in JSON and protobuf: while the ingester holds it, once it is in a block, and after a restart.
 */
class AndanteEndToEndTest {
  private static final List<String> FORMATS = List.of("v1 JSON", "v1 protobuf", "v2 JSON", "v2 protobuf");

  @TempDir Path dir;
  private Andante andante;

  @AfterEach
  void stop() {
    if (andante != null) {
      andante.close();
    }
  }

  private AndanteConfig config() {
    String yaml =
        LoopbackPorts.YAML
            + """
        ingester:
          trace_idle_period: 1s
          max_block_duration: 3s
          complete_block_timeout: 1s
          flush_check_period: 100ms
        storage:
          trace:
            blocklist_poll: 1s
        """;
    AndanteConfig c = ConfigLoader.plain().parse(yaml, "test");
    StorageConfig storage = c.storage().withLocalPath(dir.resolve("blocks")).withWalPath(dir.resolve("wal"));
    return c.withStorage(storage);
  }

  @Test
  void tracesComeBackWholeFromMemoryFromBlocksAndAfterARestart() throws Exception {
    andante = Andante.start(config());
    TraceFixture fixture = new TraceFixture();
    List<String> ids = new ArrayList<>();
    ids.addAll(
        fixture.send(
            OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + andante.otlpGrpcPort()).build(), 4, "grpc"));
    ids.addAll(
        fixture.send(
            OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + andante.otlpHttpPort() + "/v1/traces").build(),
            4,
            "http"));
    TraceApi api = new TraceApi(andante.httpPort());

    // At once: the ingester holds them (or is cutting them into a block; either way they are whole).
    assertAllWhole(api, fixture, ids, "just sent");

    // One /metrics for the process: the querier's and the ingester's.
    String metrics = api.get("/metrics", null).text();
    assertThat(metrics).contains("andante_querier_requests_total");
    assertThat(metrics).contains("andante_ingester_spans_accepted_total " + 7 * ids.size() + "\n");

    // Once blocks are written.
    await("the first block's meta.json").atMost(Duration.ofSeconds(30)).until(() -> !blockMetas().isEmpty());
    assertAllWhole(api, fixture, ids, "after the flush");

    // After a restart: close flushes what is left; the new process reads blocks only.
    andante.close();
    assertThat(blockMetas()).isNotEmpty();
    andante = Andante.start(config());
    TraceApi restarted = new TraceApi(andante.httpPort());
    await("readiness after restart").atMost(Duration.ofSeconds(60)).until(() -> restarted.get("/ready", null).status() == 200);
    assertThat(andante.notReady()).isEmpty();
    assertAllWhole(restarted, fixture, ids, "after a restart");
  }

  @Test
  void malformedRequestsAreRefusedWithAReasonAndTheServerStaysUp() throws Exception {
    andante = Andante.start(config());
    TraceApi api = new TraceApi(andante.httpPort());
    TraceApi otlp = new TraceApi(andante.otlpHttpPort());

    for (String badId : List.of("not-hex", "0123456789abcdef0123456789abcdef0", "zz", "%20")) {
      TraceApi.Answer a = api.get("/api/traces/" + badId, null);
      assertThat(a.status()).as("GET /api/traces/%s", badId).isEqualTo(400);
      assertThat(a.text()).as("reason for %s", badId).isNotBlank();
      assertThat(api.get("/api/v2/traces/" + badId, null).status()).isEqualTo(400);
    }
    assertThat(api.get("/api/traces/0123456789abcdef0123456789abcdef", null).status()).isEqualTo(404);

    TraceApi.Answer garbage = otlp.post("/v1/traces", "application/x-protobuf", new byte[] {(byte) 0xff, 0x01, 0x02});
    assertThat(garbage.status()).isEqualTo(400);
    TraceApi.Answer badJson = otlp.post("/v1/traces", "application/json", "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8));
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.text()).isNotBlank();

    // Still serving.
    assertThat(api.get("/ready", null).status()).isEqualTo(200);
    assertThat(otlp.get("/v1/traces", null).status()).isBetween(400, 499);
  }

  @Test
  void theReadmeCurlExampleAnswersWhatTheReadmeShows() throws Exception {
    andante = Andante.start(config());
    ReadmeExample example = new ReadmeExample();
    TraceApi.Answer posted =
        new TraceApi(andante.otlpHttpPort()).post("/v1/traces", "application/json", example.body().getBytes(StandardCharsets.UTF_8));
    assertThat(posted.status()).isEqualTo(200);
    assertThat(posted.text()).isEqualTo("{}");

    TraceApi.Answer fetched = new TraceApi(andante.httpPort()).get("/api/traces/" + example.traceId(), null);
    assertThat(fetched.status()).isEqualTo(200);
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(fetched.body())).isEqualTo(json.readTree(example.answer()));
  }

  private static void assertAllWhole(TraceApi api, TraceFixture fixture, List<String> ids, String when) {
    List<BiFunction<TraceApi, String, List<ResourceSpans>>> fetchers =
        List.of(TraceApi::v1Json, TraceApi::v1Proto, TraceApi::v2Json, TraceApi::v2Proto);
    for (String id : ids) {
      List<String> expected = CanonicalSpans.of(fixture.sent(id));
      assertThat(expected).hasSize(7);
      for (int f = 0; f < fetchers.size(); f++) {
        assertThat(CanonicalSpans.of(fetchers.get(f).apply(api, id)))
            .as("trace %s through %s, %s", id, FORMATS.get(f), when)
            .isEqualTo(expected);
      }
    }
  }

  private List<Path> blockMetas() throws IOException {
    Path blocks = dir.resolve("blocks");
    if (!Files.exists(blocks)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(blocks)) {
      return files.filter(p -> p.getFileName().toString().equals("meta.json")).toList();
    }
  }
}
