package dev.andante.querier.http;

import dev.andante.querier.QuerierConfig;
import dev.andante.querier.metrics.MetricsRegistry;
import dev.andante.querier.tracebyid.TraceByIdService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The querier's HTTP API on vertx-web, Tempo-compatible: {@code GET /api/traces/{id}}, {@code GET
 * /api/v2/traces/{id}}, {@code /api/echo}, {@code /ready}, {@code /status/buildinfo}, {@code
 * /metrics}. Lookups run on a worker executor ({@code andante-querier}), never on the event loop.
 */
public final class QuerierServer {
  private static final Logger LOG = LoggerFactory.getLogger(QuerierServer.class);
  static final String WORKER_POOL = "andante-querier";
  static final int WORKER_POOL_SIZE = 16;

  private final Vertx vertx;
  private final QuerierConfig config;
  private final TraceByIdService traces;
  private final ReadinessCheck readiness;
  private final MetricsRegistry registry;
  private final QuerierMetrics metrics;
  private final BuildInfo buildInfo;
  private final Map<String, Handler<RoutingContext>> extraRoutes = new LinkedHashMap<>();
  private WorkerExecutor workers;
  private HttpServer server;

  /** A server with its own metrics registry and {@link BuildInfo#current()}. */
  public QuerierServer(Vertx vertx, QuerierConfig config, TraceByIdService traces, ReadinessCheck readiness) {
    this(vertx, config, traces, readiness, new MetricsRegistry(), BuildInfo.current());
  }

  /**
   * @param registry where the querier registers its metrics; {@code /metrics} serves all of it, so
   *     other roles of the process may register theirs in the same one
   */
  public QuerierServer(
      Vertx vertx,
      QuerierConfig config,
      TraceByIdService traces,
      ReadinessCheck readiness,
      MetricsRegistry registry,
      BuildInfo buildInfo) {
    this.vertx = require(vertx, "vertx");
    this.config = require(config, "config");
    this.traces = require(traces, "traces");
    this.readiness = require(readiness, "readiness");
    this.registry = require(registry, "registry");
    this.buildInfo = require(buildInfo, "buildInfo");
    this.metrics = new QuerierMetrics(registry);
  }

  /**
   * Adds {@code GET path}, answered by {@code handler} on the event loop (so it must not block), e.g.
   * another role's status page. Call it before {@link #start}.
   */
  public synchronized QuerierServer addRoute(String path, Handler<RoutingContext> handler) {
    if (path == null || handler == null) {
      throw new IllegalArgumentException("path and handler must not be null");
    }
    if (server != null) {
      throw new IllegalStateException("Cannot add route " + path + ": the server is started");
    }
    extraRoutes.put(path, handler);
    return this;
  }

  /** Binds {@link QuerierConfig#httpListenAddress()}:{@link QuerierConfig#httpListenPort()}. */
  public synchronized Future<QuerierServer> start() {
    if (server != null) {
      return Future.failedFuture(new IllegalStateException("Cannot start querier server: already started"));
    }
    // Lookups give up at the query timeout; allow a little more before Vert.x calls a worker blocked.
    long maxExecuteMillis = config.queryTimeout().toMillis() + 5_000;
    workers = vertx.createSharedWorkerExecutor(WORKER_POOL, WORKER_POOL_SIZE, maxExecuteMillis, TimeUnit.MILLISECONDS);
    HttpServerOptions options =
        new HttpServerOptions().setHost(config.httpListenAddress()).setPort(config.httpListenPort());
    return vertx
        .createHttpServer(options)
        .requestHandler(router(workers))
        .listen()
        .map(bound -> {
          synchronized (this) {
            server = bound;
          }
          LOG.info("Querier HTTP API listening on {}:{}", config.httpListenAddress(), bound.actualPort());
          return this;
        });
  }

  /** The port bound, which differs from the configured one when that was 0. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("Cannot tell port: querier server not started");
    }
    return server.actualPort();
  }

  /** The registry {@code /metrics} serves. */
  public MetricsRegistry metrics() {
    return registry;
  }

  /** Stops listening and closes the worker executor. The {@link TraceByIdService} stays open. */
  public synchronized Future<Void> close() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    WorkerExecutor w = workers;
    server = null;
    workers = null;
    return closed.compose(v -> w == null ? Future.succeededFuture() : w.close());
  }

  private Router router(WorkerExecutor workers) {
    Router router = Router.router(vertx);
    boolean multitenancy = config.multitenancyEnabled();
    router.get("/api/traces/:id").handler(measured("/api/traces/{id}",
        new TraceHandler(TraceHandler.Api.V1, traces, workers, metrics, multitenancy)));
    router.get("/api/v2/traces/:id").handler(measured("/api/v2/traces/{id}",
        new TraceHandler(TraceHandler.Api.V2, traces, workers, metrics, multitenancy)));
    router.get("/api/echo").handler(measured("/api/echo", ctx -> Responses.text(ctx, 200, "echo")));
    router.get("/ready").handler(measured("/ready", this::ready));
    router.get("/status/buildinfo").handler(measured("/status/buildinfo", ctx ->
        ctx.response().putHeader("Content-Type", "application/json").end(buildInfo.toJson().encode())));
    router.get("/metrics").handler(measured("/metrics", ctx ->
        ctx.response().putHeader("Content-Type", MetricsRegistry.CONTENT_TYPE).end(registry.scrape())));
    extraRoutes.forEach((path, handler) -> router.get(path).handler(measured(path, handler)));
    router.route().handler(measured("other", ctx ->
        Responses.text(ctx, 404, "Cannot serve " + ctx.request().method() + " " + ctx.request().path() + ": no such endpoint")));
    router.errorHandler(500, ctx -> {
      LOG.error("Cannot answer {} {}", ctx.request().method(), ctx.request().path(), ctx.failure());
      Responses.text(ctx, 500, "Cannot answer: " + (ctx.failure() == null ? "internal error" : ctx.failure().getMessage()));
    });
    return router;
  }

  private void ready(RoutingContext ctx) {
    Optional<String> notReady;
    try {
      notReady = readiness.notReady();
    } catch (RuntimeException e) {
      notReady = Optional.of("readiness check failed: " + e.getMessage());
    }
    if (notReady.isPresent()) {
      Responses.text(ctx, 503, "not ready: " + notReady.get());
    } else {
      Responses.text(ctx, 200, "ready");
    }
  }

  private Handler<RoutingContext> measured(String route, Handler<RoutingContext> handler) {
    return ctx -> {
      long start = System.nanoTime();
      ctx.addEndHandler(done -> metrics.request(route, ctx.response().getStatusCode(), System.nanoTime() - start));
      handler.handle(ctx);
    };
  }

  private static <T> T require(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }
}
