package dev.andante.ingester.otlp;

import static dev.andante.ingester.testing.Spans.id;
import static dev.andante.ingester.testing.Spans.request;
import static dev.andante.ingester.testing.Spans.resourceSpans;
import static dev.andante.ingester.testing.Spans.span;
import static dev.andante.ingester.testing.Spans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.ingester.limits.PushRefusedException;
import dev.andante.ingester.limits.RefusalReason;
import dev.andante.ingester.testing.Configs;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Limits answer RESOURCE_EXHAUSTED / 429, back-pressure UNAVAILABLE / 503, both saying when to retry. */
class OtlpRefusalTest {
  private static final byte[] REQUEST = request(resourceSpans("svc", span(traceId(1), id(8, 1), "ok"))).toByteArray();

  private Vertx vertx;
  private IngesterServer server;
  private IngesterServer.BoundPorts ports;
  private HttpClient grpcClient;
  private volatile PushRefusedException refusal;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        new IngesterServer(
            vertx,
            Configs.ephemeral(false, 64 * 1024),
            (tenant, request) -> {
              throw refusal;
            });
    ports = await(server.start());
    grpcClient =
        vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
  }

  @AfterEach
  void stop() throws Exception {
    await(grpcClient.close());
    await(server.stop());
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<byte[]> postHttp() throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.httpPort() + "/v1/traces"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"resourceSpans\":[]}"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  private MultiMap callGrpc() throws Exception {
    Buffer frame = Buffer.buffer().appendByte((byte) 0).appendInt(REQUEST.length).appendBytes(REQUEST);
    return await(
        grpcClient
            .request(HttpMethod.POST, ports.grpcPort(), "127.0.0.1", "/opentelemetry.proto.collector.trace.v1.TraceService/Export")
            .compose(req -> req.putHeader("content-type", "application/grpc").putHeader("te", "trailers").send(frame))
            .compose(resp -> resp.body().map(body -> resp.trailers().contains("grpc-status") ? resp.trailers() : resp.headers())));
  }

  @Test
  void aTenantLimitIs429AndResourceExhaustedWithRetryAfter() throws Exception {
    refusal = new PushRefusedException(RefusalReason.RATE_LIMITED, 1, Duration.ofMillis(1500), "Cannot accept spans: tenant acme exceeds its ingestion rate_limit_bytes");

    HttpResponse<byte[]> http = postHttp();
    assertThat(http.statusCode()).isEqualTo(429);
    assertThat(http.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(new String(http.body(), StandardCharsets.UTF_8)).contains("\"code\":8").contains("rate_limit_bytes");

    MultiMap grpc = callGrpc();
    assertThat(grpc.get("grpc-status")).isEqualTo("8");
    assertThat(java.net.URLDecoder.decode(grpc.get("grpc-message"), StandardCharsets.UTF_8)).contains("rate_limit_bytes");
    String details = new String(Base64.getDecoder().decode(grpc.get("grpc-status-details-bin")), StandardCharsets.ISO_8859_1);
    assertThat(details).contains("type.googleapis.com/google.rpc.RetryInfo");
  }

  @Test
  void backPressureIs503AndUnavailableWithRetryAfter() throws Exception {
    refusal = new PushRefusedException(RefusalReason.WAL_DISK_BUDGET, 1, Duration.ofSeconds(5), "Cannot accept spans: the write-ahead log holds 9 bytes");

    HttpResponse<byte[]> http = postHttp();
    assertThat(http.statusCode()).isEqualTo(503);
    assertThat(http.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(new String(http.body(), StandardCharsets.UTF_8)).contains("\"code\":14").contains("write-ahead log");

    assertThat(callGrpc().get("grpc-status")).isEqualTo("14");
  }
}
