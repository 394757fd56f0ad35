package dev.andante.ingester.otlp;

import dev.andante.blockformat.TenantId;
import dev.andante.ingester.Ingester;
import dev.andante.ingester.distributor.PushResult;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import dev.andante.ingester.IngesterConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.grpc.server.GrpcServer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP receivers of one ingester process: OTLP/gRPC on {@code otlpGrpcEndpoint} and OTLP/HTTP on
 * {@code otlpHttpEndpoint}. Each port also answers the other protocol (gRPC calls are told apart by
 * {@code content-type: application/grpc}), so both endpoints may name the same port, which is then
 * bound once. Pushes go to {@link Ingester#push(dev.andante.blockformat.TenantId,
 * io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest)} on a worker pool.
 */
public final class IngesterServer {
  /** Threads that decode and push requests. */
  public static final int DEFAULT_WORKER_THREADS = 8;

  private static final Logger LOG = LoggerFactory.getLogger(IngesterServer.class);

  private final Vertx vertx;
  private final IngesterConfig config;
  private final RequestPusher pusher;
  private final List<HttpServer> servers = new ArrayList<>();
  private WorkerExecutor workers;

  public IngesterServer(Vertx vertx, Ingester ingester) {
    this(
        vertx,
        ingester.config(),
        new RequestPusher() {
          @Override
          public PushResult push(TenantId tenant, ExportTraceServiceRequest request) {
            return ingester.push(tenant, request);
          }

          @Override
          public PushResult push(TenantId tenant, ExportTraceServiceRequest request, byte[] wire) {
            return ingester.push(tenant, request, wire);
          }

          @Override
          public PushResult push(TenantId tenant, byte[] protobuf) {
            return ingester.push(tenant, protobuf);
          }
        });
  }

  /**
   * @param pusher where decoded requests go (the ingester, or a distributor in front of a ring)
   */
  public IngesterServer(Vertx vertx, IngesterConfig config, RequestPusher pusher) {
    if (vertx == null || config == null || pusher == null) {
      throw new IllegalArgumentException("vertx, config and pusher must not be null");
    }
    this.vertx = vertx;
    this.config = config;
    this.pusher = pusher;
  }

  /** The ports actually bound (useful when the endpoints ask for port 0). */
  public record BoundPorts(int grpcPort, int httpPort) {}

  /** Binds both receivers; fails (with the address) if either cannot bind. */
  public Future<BoundPorts> start() {
    Endpoint grpcEndpoint = Endpoint.parse(config.otlpGrpcEndpoint(), "distributor.receivers.otlp.protocols.grpc.endpoint");
    Endpoint httpEndpoint = Endpoint.parse(config.otlpHttpEndpoint(), "distributor.receivers.otlp.protocols.http.endpoint");
    workers = vertx.createSharedWorkerExecutor("andante-otlp-push", DEFAULT_WORKER_THREADS);
    ExportService export = new ExportService(pusher, config.multitenancyEnabled(), config.maxRequestBytes());
    GrpcServer grpc = new OtlpGrpcReceiver(export, workers).server(vertx);
    Router http = new OtlpHttpReceiver(export, workers).router(vertx);
    Handler<HttpServerRequest> both = request -> (isGrpc(request) ? grpc : http).handle(request);

    Future<HttpServer> grpcServer = listen(grpcEndpoint, both, "OTLP/gRPC");
    if (grpcEndpoint.equals(httpEndpoint) && grpcEndpoint.port() != 0) {
      return grpcServer.map(s -> new BoundPorts(s.actualPort(), s.actualPort()));
    }
    Future<HttpServer> httpServer = listen(httpEndpoint, both, "OTLP/HTTP");
    return Future.all(grpcServer, httpServer)
        .map(all -> new BoundPorts(grpcServer.result().actualPort(), httpServer.result().actualPort()))
        .onFailure(e -> stop());
  }

  /** Closes the receivers: no new requests are accepted. */
  public Future<Void> stop() {
    List<Future<Void>> closing = new ArrayList<>();
    synchronized (servers) {
      servers.forEach(s -> closing.add(s.close()));
      servers.clear();
    }
    if (workers != null) {
      closing.add(workers.close());
      workers = null;
    }
    return Future.join(closing).mapEmpty();
  }

  private Future<HttpServer> listen(Endpoint endpoint, Handler<HttpServerRequest> handler, String name) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(endpoint.host())
            .setPort(endpoint.port())
            // OtlpHttpReceiver inflates gzip itself, on a worker, for HTTP/1.1 and h2c alike.
            .setDecompressionSupported(false)
            .setHttp2ClearTextEnabled(true);
    return vertx
        .createHttpServer(options)
        .requestHandler(handler)
        .listen()
        .onSuccess(
            server -> {
              synchronized (servers) {
                servers.add(server);
              }
              LOG.info("{} receiver listening on {}:{}", name, endpoint.host(), server.actualPort());
            })
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        "Cannot start " + name + " receiver: cannot bind " + endpoint + ": " + e.getMessage(), e)));
  }

  private static boolean isGrpc(HttpServerRequest request) {
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    return contentType != null && contentType.startsWith("application/grpc");
  }
}
