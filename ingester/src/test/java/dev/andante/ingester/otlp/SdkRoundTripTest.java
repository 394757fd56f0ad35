package dev.andante.ingester.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.v1.V1Encoding;
import dev.andante.blockformat.testing.TraceNormalizer;
import dev.andante.ingester.Ingester;
import dev.andante.ingester.testing.Configs;
import dev.andante.ingester.testing.MutableClock;
import dev.andante.ingester.testing.SdkTraces;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenTelemetry SDK exports multi-service traces to a running receiver over each protocol; every
 * trace read back from the ingester equals what the SDK sent, span for span, with its resource and
 * scope — first from memory, then, after flushAll, from the block written to the object store.
 */
class SdkRoundTripTest {
  private static final int TRACES = 12;

  @TempDir Path walDir;
  private Vertx vertx;
  private Ingester ingester;
  private IngesterServer server;
  private IngesterServer.BoundPorts ports;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    ingester =
        new Ingester(
            Configs.ephemeral(false, 4 * 1024 * 1024),
            new Backend(new MemoryObjectStore()),
            new V1Encoding(),
            BlockConfig.DEFAULT,
            walDir,
            new MutableClock(Instant.parse("2026-11-21T10:00:00Z")));
    server = new IngesterServer(vertx, ingester);
    ports = server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    ingester.close();
  }

  private Optional<Trace> find(TraceId id) {
    return ingester.find(TenantId.SINGLE_TENANT, id);
  }

  /** After a flush the same traces come from a block: equal up to the encoding's canonical order. */
  private void assertFoundInBlocks(SdkTraces traces) throws InterruptedException {
    assertThat(ingester.flushAll(Duration.ofSeconds(30))).isTrue();
    assertThat(ingester.stats(TenantId.SINGLE_TENANT).orElseThrow().flushedBlocks()).isPositive();
    assertThat(ingester.stats(TenantId.SINGLE_TENANT).orElseThrow().liveTraces()).isZero();
    List<io.opentelemetry.proto.trace.v1.ResourceSpans> sent = traces.sentRequest().getResourceSpansList();
    for (TraceId id : traces.traceIds()) {
      Trace found = find(id).orElseThrow(() -> new AssertionError("trace " + id + " not found after flush"));
      Trace expected = new Trace(id, sent.stream().map(rs -> onlyTrace(rs, id)).filter(rs -> rs.getScopeSpansCount() > 0).toList());
      assertThat(TraceNormalizer.normalize(found)).as("trace %s", id).isEqualTo(TraceNormalizer.normalize(expected));
    }
  }

  private static io.opentelemetry.proto.trace.v1.ResourceSpans onlyTrace(
      io.opentelemetry.proto.trace.v1.ResourceSpans rs, TraceId id) {
    var out = rs.toBuilder().clearScopeSpans();
    for (var ss : rs.getScopeSpansList()) {
      var spans = ss.getSpansList().stream().filter(s -> TraceId.of(s.getTraceId().toByteArray()).equals(id)).toList();
      if (!spans.isEmpty()) {
        out.addScopeSpans(ss.toBuilder().clearSpans().addAllSpans(spans));
      }
    }
    return out.build();
  }

  private void roundTrip(Supplier<SpanExporter> exporters) throws InterruptedException {
    try (SdkTraces traces = new SdkTraces(exporters)) {
      traces.emit(TRACES);
      assertThat(traces.flush()).as("every export succeeded").isTrue();

      assertThat(traces.traceIds()).hasSize(TRACES);
      for (TraceId id : traces.traceIds()) {
        Trace found = find(id).orElseThrow(() -> new AssertionError("trace " + id + " not found"));
        assertThat(SdkTraces.spans(found))
            .as("trace %s", id)
            .hasSize(4)
            .isEqualTo(SdkTraces.spans(id, traces.sentRequest().getResourceSpansList()));
        assertThat(found.resourceSpans())
            .extracting(rs -> rs.getResource().getAttributesList().stream()
                .filter(kv -> kv.getKey().equals("service.name")).findFirst().orElseThrow().getValue().getStringValue())
            .containsAll(SdkTraces.SERVICES);
      }
      assertFoundInBlocks(traces);
    }
  }

  @Test
  void grpc() throws InterruptedException {
    roundTrip(
        () ->
            OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ports.grpcPort())
                .setTimeout(Duration.ofSeconds(10))
                .build());
  }

  @Test
  void grpcWithGzip() throws InterruptedException {
    roundTrip(
        () ->
            OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ports.grpcPort())
                .setCompression("gzip")
                .setTimeout(Duration.ofSeconds(10))
                .build());
  }

  @Test
  void httpProtobuf() throws InterruptedException {
    roundTrip(
        () ->
            OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ports.httpPort() + "/v1/traces")
                .setTimeout(Duration.ofSeconds(10))
                .build());
  }

  @Test
  void httpProtobufWithGzip() throws InterruptedException {
    roundTrip(
        () ->
            OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ports.httpPort() + "/v1/traces")
                .setCompression("gzip")
                .setTimeout(Duration.ofSeconds(10))
                .build());
  }

  @Test
  void grpcOnTheHttpPortToo() throws InterruptedException {
    roundTrip(
        () ->
            OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ports.httpPort())
                .setTimeout(Duration.ofSeconds(10))
                .build());
  }

  @Test
  void otlpJsonAsTheSdkEncodesIt() throws Exception {
    // The SDK's own OTLP JSON encoding (hex IDs), posted by hand; the SDK exporter is a no-op here.
    try (SdkTraces traces = new SdkTraces(NoopExporter::new)) {
      traces.emit(TRACES);
      traces.flush();
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.httpPort() + "/v1/traces"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(traces.sentJson()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      for (TraceId id : traces.traceIds()) {
        Trace found = find(id).orElseThrow(() -> new AssertionError("trace " + id + " not found"));
        assertThat(SdkTraces.spans(found)).isEqualTo(SdkTraces.spans(id, traces.sentRequest().getResourceSpansList()));
      }
      assertFoundInBlocks(traces);
    }
  }

  private static final class NoopExporter implements SpanExporter {
    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode export(
        java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
      return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode flush() {
      return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
    }

    @Override
    public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
      return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
    }
  }
}
