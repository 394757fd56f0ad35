package dev.andante.ingester.otlp;

import static dev.andante.ingester.testing.Spans.id;
import static dev.andante.ingester.testing.Spans.request;
import static dev.andante.ingester.testing.Spans.resourceSpans;
import static dev.andante.ingester.testing.Spans.span;
import static dev.andante.ingester.testing.Spans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.distributor.Distributor;
import dev.andante.ingester.testing.Configs;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OTLP/gRPC error paths, spoken with a plain HTTP/2 client so that any bytes can be sent. */
class OtlpGrpcReceiverTest {
  private static final String PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

  private final List<Trace> pushed = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private HttpClient client;
  private IngesterServer server;
  private IngesterServer multitenantServer;
  private int port;
  private int multitenantPort;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Distributor distributor = new Distributor((tenant, pieces) -> {
      pushed.addAll(pieces);
      return java.util.List.of();
    });
    server = new IngesterServer(vertx, Configs.ephemeral(false, 64 * 1024), distributor::push);
    multitenantServer = new IngesterServer(vertx, Configs.ephemeral(true, 64 * 1024), distributor::push);
    port = await(server.start()).grpcPort();
    multitenantPort = await(multitenantServer.start()).grpcPort();
    client =
        vertx.createHttpClient(
            new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
  }

  @AfterEach
  void stop() throws Exception {
    await(client.close());
    await(server.stop());
    await(multitenantServer.stop());
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private record Answer(String status, String message, Buffer body) {}

  private Answer call(int target, byte[] message, String... headers) throws Exception {
    Buffer frame = Buffer.buffer().appendByte((byte) 0).appendInt(message.length).appendBytes(message);
    return await(
        client
            .request(HttpMethod.POST, target, "127.0.0.1", PATH)
            .compose(
                req -> {
                  req.putHeader("content-type", "application/grpc").putHeader("te", "trailers");
                  for (int i = 0; i < headers.length; i += 2) {
                    req.putHeader(headers[i], headers[i + 1]);
                  }
                  return req.send(frame);
                })
            .compose(
                resp ->
                    resp.body()
                        .map(
                            body -> {
                              MultiMap where = resp.trailers().contains("grpc-status") ? resp.trailers() : resp.headers();
                              return new Answer(where.get("grpc-status"), where.get("grpc-message"), body);
                            })));
  }

  @Test
  void acceptsAValidRequestAndReportsRefusedSpans() throws Exception {
    byte[] request =
        request(resourceSpans("svc", span(traceId(1), id(8, 1), "ok"), span(id(8, 1), id(8, 2), "short"))).toByteArray();

    Answer answer = call(port, request);

    assertThat(answer.status()).isEqualTo("0");
    ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(answer.body().getBytes(5, answer.body().length()));
    assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
    assertThat(response.getPartialSuccess().getErrorMessage()).isEqualTo("1 span refused: trace_id must be 16 bytes, got 8");
    assertThat(pushed).hasSize(1);
  }

  @Test
  void answersInvalidArgumentForUndecodableMessages() throws Exception {
    Answer answer = call(port, new byte[] {0x0A, 0x7F, 0x01});

    assertThat(answer.status()).isEqualTo("3");
    assertThat(decode(answer.message())).contains("Cannot decode ExportTraceServiceRequest from protobuf");
    assertThat(call(port, request(resourceSpans("svc", span(traceId(1), id(8, 1), "ok"))).toByteArray()).status())
        .isEqualTo("0");
  }

  @Test
  void answersUnauthenticatedWithoutATenant() throws Exception {
    byte[] request = request(resourceSpans("svc", span(traceId(1), id(8, 1), "ok"))).toByteArray();

    Answer missing = call(multitenantPort, request);
    assertThat(missing.status()).isEqualTo("16");
    assertThat(decode(missing.message())).contains("X-Scope-OrgID header is required");

    assertThat(call(multitenantPort, request, TenantId.HEADER.toLowerCase(), "team-b").status()).isEqualTo("0");
  }

  /** grpc-message is percent-encoded. */
  private static String decode(String message) {
    return java.net.URLDecoder.decode(message.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }
}
