package dev.andante.deploy.roles;

import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.StorageConfig;
import dev.andante.blockformat.blocklist.BlockReaderCache;
import dev.andante.blockformat.encoding.BlockCache;
import dev.andante.blockformat.blocklist.Blocklist;
import dev.andante.blockformat.blocklist.BlocklistPoller;
import dev.andante.querier.metrics.MetricsRegistry;
import dev.andante.querier.QuerierConfig;
import dev.andante.querier.http.QuerierServer;
import dev.andante.querier.http.ReadinessCheck;
import dev.andante.querier.tracebyid.RecentTraceSource;
import dev.andante.querier.tracebyid.TraceByIdService;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The querier role: the blocklist (polled every {@code storage.trace.blocklist_poll}), trace-by-ID
 * over recent traces and blocks, and the HTTP API. Ready once the first blocklist poll completed, so
 * it never answers 404 for a trace that is in a block it has not listed yet.
 */
public final class QuerierRole implements Role {
  private static final Logger LOG = LoggerFactory.getLogger(QuerierRole.class);

  private final Blocklist blocklist;
  private final BlocklistPoller poller;
  private final TraceByIdService traces;
  private final QuerierServer server;

  private QuerierRole(Blocklist blocklist, BlocklistPoller poller, TraceByIdService traces, QuerierServer server) {
    this.blocklist = blocklist;
    this.poller = poller;
    this.traces = traces;
    this.server = server;
  }

  /**
   * Starts polling the blocklist and binds the HTTP API; blocks until it is bound.
   *
   * @param recent traces not in blocks yet (the local ingester's), or {@link RecentTraceSource#NONE}
   * @param readiness what {@code /ready} answers: the whole process's readiness, not only this role's
   */
  public static QuerierRole start(
      Vertx vertx,
      QuerierConfig config,
      StorageConfig storage,
      Backend backend,
      RecentTraceSource recent,
      ReadinessCheck readiness) {
    return start(vertx, config, storage, backend, recent, readiness, Map.of());
  }

  /** As above, with more {@code GET} routes on the HTTP API (e.g. {@code /status/ring}). */
  public static QuerierRole start(
      Vertx vertx,
      QuerierConfig config,
      StorageConfig storage,
      Backend backend,
      RecentTraceSource recent,
      ReadinessCheck readiness,
      Map<String, Handler<RoutingContext>> routes) {
    // Listing, not the tenant index: an index written before the last blocks of a crashed ingester
    // would hide them until the compactor rewrites it.
    Blocklist blocklist = new Blocklist(backend);
    BlockReaderCache readers = BlockReaderCache.forBackend(
        backend, BlockReaderCache.DEFAULT_MAX_SHARED_CACHE_READERS, new BlockCache(config.blockCacheBytes()));
    TraceByIdService traces = new TraceByIdService(config, blocklist, readers, recent);
    // After each poll, new blocks' fingerprints are loaded, so no lookup waits for them.
    BlocklistPoller poller = new BlocklistPoller(blocklist, storage.blocklistPoll(), traces::prepare);
    poller.start();
    QuerierServer server = new QuerierServer(vertx, config, traces, readiness);
    routes.forEach(server::addRoute);
    try {
      Futures.await(
          server.start(),
          IngesterRole.START_TIMEOUT,
          "start the querier's HTTP API on " + config.httpListenAddress() + ":" + config.httpListenPort());
    } catch (RuntimeException e) {
      traces.close();
      poller.close();
      throw e;
    }
    return new QuerierRole(blocklist, poller, traces, server);
  }

  public Blocklist blocklist() {
    return blocklist;
  }

  /** What {@code /metrics} serves; other roles of the process add theirs here. */
  public MetricsRegistry metrics() {
    return server.metrics();
  }

  public int httpPort() {
    return server.port();
  }

  @Override
  public Optional<String> notReady() {
    return poller.polled() ? Optional.empty() : Optional.of("querier: first blocklist poll pending");
  }

  @Override
  public void close() {
    try {
      Futures.await(server.close(), IngesterRole.START_TIMEOUT, "stop the querier's HTTP API");
    } catch (RuntimeException e) {
      LOG.warn("{}", e.getMessage());
    }
    traces.close();
    poller.close();
  }
}
