package dev.andante.ingester.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.distributor.Distributor;
import dev.andante.ingester.flush.Pieces;
import dev.andante.ingester.live.TenantInstance;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenTelemetry SDK exports multi-service traces to a running receiver over each protocol; every
 * trace read back equals what the SDK sent, span for span, with its resource and scope.
 */
class SdkRoundTripTest {
  private static final int TRACES = 12;

  private Vertx vertx;
  private IngesterServer server;
  private TenantInstance store;
  private IngesterServer.BoundPorts ports;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    store =
        new TenantInstance(
            TenantId.SINGLE_TENANT,
            Configs.ephemeral(false, 4 * 1024 * 1024),
            new MutableClock(Instant.parse("2026-11-21T10:00:00Z")));
    Distributor distributor = new Distributor((tenant, pieces) -> store.append(pieces));
    server = new IngesterServer(vertx, Configs.ephemeral(false, 4 * 1024 * 1024), distributor::push);
    ports = server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Optional<Trace> find(TraceId id) {
    List<Trace> pieces = store.find(id);
    return pieces.isEmpty() ? Optional.empty() : Optional.of(Pieces.combine(id, pieces));
  }

  private void roundTrip(Supplier<SpanExporter> exporters) {
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
    }
  }

  @Test
  void grpc() {
    roundTrip(
        () ->
            OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ports.grpcPort())
                .setTimeout(Duration.ofSeconds(10))
                .build());
  }

  @Test
  void grpcWithGzip() {
    roundTrip(
        () ->
            OtlpGrpcSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ports.grpcPort())
                .setCompression("gzip")
                .setTimeout(Duration.ofSeconds(10))
                .build());
  }

  @Test
  void httpProtobuf() {
    roundTrip(
        () ->
            OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ports.httpPort() + "/v1/traces")
                .setTimeout(Duration.ofSeconds(10))
                .build());
  }

  @Test
  void httpProtobufWithGzip() {
    roundTrip(
        () ->
            OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ports.httpPort() + "/v1/traces")
                .setCompression("gzip")
                .setTimeout(Duration.ofSeconds(10))
                .build());
  }

  @Test
  void grpcOnTheHttpPortToo() {
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
