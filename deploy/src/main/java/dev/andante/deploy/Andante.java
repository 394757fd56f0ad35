package dev.andante.deploy;

import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.backend.ObjectStores;
import dev.andante.blockformat.backend.StorageConfig;
import dev.andante.blockformat.blocklist.Blocklist;
import dev.andante.compactor.Compactor;
import dev.andante.compactor.planning.JobOwnership;
import dev.andante.deploy.cluster.Cluster;
import dev.andante.deploy.cluster.Member;
import dev.andante.deploy.config.AndanteConfig;
import dev.andante.deploy.config.Target;
import dev.andante.deploy.roles.DistributorRole;
import dev.andante.ingester.distributor.TraceSink;
import dev.andante.ingester.metrics.IngesterMetrics;
import dev.andante.ingester.otlp.IngesterServer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import dev.andante.deploy.roles.CompactorRole;
import dev.andante.deploy.roles.IngesterRole;
import dev.andante.deploy.roles.QuerierRole;
import dev.andante.deploy.roles.Role;
import dev.andante.ingester.Ingester;
import dev.andante.querier.tracebyid.RecentTraceSource;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Andante process: the roles its {@link AndanteConfig#target()} names, sharing one
 * Vert.x instance and one object store. {@link #start} returns once every role serves; {@link
 * #close} stops the receivers, flushes the ingester's traces to a block, and releases everything.
 *
 * <p>Tests start it in-process with ports 0 and read the bound ports from the handle.
 */
public final class Andante implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Andante.class);
  private static final Duration VERTX_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final AndanteConfig config;
  private final Vertx vertx;
  private final Backend backend;
  private final List<Role> roles;
  private final Optional<IngesterRole> ingester;
  private final Optional<QuerierRole> querier;
  private final Optional<IngesterServer.BoundPorts> receivers;
  private final Optional<CompactorRole> compactor;
  private final Optional<Cluster> cluster;
  private final Readiness readiness;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Andante(
      AndanteConfig config,
      Vertx vertx,
      Backend backend,
      List<Role> roles,
      Optional<IngesterRole> ingester,
      Optional<QuerierRole> querier,
      Optional<CompactorRole> compactor,
      Optional<IngesterServer.BoundPorts> receivers,
      Optional<Cluster> cluster,
      Readiness readiness) {
    this.config = config;
    this.receivers = receivers;
    this.cluster = cluster;
    this.compactor = compactor;
    this.readiness = readiness;
    this.vertx = vertx;
    this.backend = backend;
    this.roles = roles;
    this.ingester = ingester;
    this.querier = querier;
  }

  /**
   * Starts the roles of {@code config} and returns once all serve.
   *
   * @throws IllegalStateException "Cannot start Andante: ..." when storage cannot be used or a port
   *     cannot be bound; what had started is closed again
   */
  public static Andante start(AndanteConfig config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    long startedAt = System.nanoTime();
    Readiness readiness = new Readiness();
    List<Role> roles = new ArrayList<>();
    Optional<Cluster> cluster = Optional.empty();
    Vertx vertx = null;
    Backend backend = null;
    try {
      if (config.target() == Target.DISTRIBUTOR && !config.cluster().clustered()) {
        throw new IllegalArgumentException(
            "Cannot run target distributor alone: it routes spans to the ring's ingesters and needs a memberlist section");
      }
      cluster = config.cluster().clustered() ? Optional.of(Cluster.join(config.cluster(), roles(config.target()))) : Optional.empty();
      vertx = cluster.map(Cluster::vertx).orElseGet(Vertx::vertx);
      ObjectStore store = ObjectStores.open(config.storage());
      backend = new Backend(store);
      store.verify();
      Backend shared = backend;

      AtomicReference<Blocklist> blocklist = new AtomicReference<>();
      Optional<IngesterRole> ingester = Optional.empty();
      if (config.target().runsIngester()) {
        Consumer<BlockMeta> publish = meta -> Optional.ofNullable(blocklist.get()).ifPresent(b -> b.add(meta));
        ingester =
            Optional.of(
                cluster.isPresent()
                    ? IngesterRole.startWithoutReceivers(config.ingester(), config.storage(), store, publish, config.overrides())
                    : IngesterRole.start(vertx, config.ingester(), config.storage(), store, publish, config.overrides()));
        roles.add(ingester.get());
        readiness.add(ingester.get());
        if (cluster.isPresent()) {
          roles.add(cluster.get().serve(ingester.get().ingester()));
        }
      }
      Optional<QuerierRole> querier = Optional.empty();
      if (config.target().runsQuerier()) {
        Optional<RecentTraceSource> local = ingester.map(i -> i.ingester()::find);
        RecentTraceSource recent =
            cluster.isPresent()
                ? cluster.get().recent(local, config.querier().queryTimeout())
                : local.orElse(RecentTraceSource.NONE);
        Map<String, Handler<RoutingContext>> routes = cluster.map(Cluster::routes).orElse(Map.of());
        querier = Optional.of(QuerierRole.start(vertx, config.querier(), config.storage(), shared, recent, readiness::notReady, routes));
        blocklist.set(querier.get().blocklist());
        if (ingester.isPresent()) {
          querier.get().metrics().include(ingester.get().ingester().metrics()::scrape);
        }
        roles.add(querier.get());
        readiness.add(querier.get());
      }
      Optional<CompactorRole> compactorRole = Optional.empty();
      if (config.target().runsCompactor()) {
        CompactorRole compactor = CompactorRole.start(
            config.compactor(),
            config.storage(),
            config.overrides().perTenantOverrideConfig(),
            backend,
            cluster.map(Cluster::compactionOwnership).orElse(JobOwnership.ALL_MINE));
        compactorRole = Optional.of(compactor);
        roles.add(compactor);
        readiness.add(compactor);
      }
      Optional<IngesterServer.BoundPorts> receivers = ingester.flatMap(IngesterRole::ports);
      if (cluster.isPresent() && config.target().runsDistributor()) {
        Optional<TraceSink> local = ingester.map(IngesterRole::ingester);
        IngesterMetrics metrics = ingester.map(i -> i.ingester().metrics()).orElseGet(IngesterMetrics::new);
        DistributorRole distributor =
            DistributorRole.start(vertx, config.ingester(), config.overrides(), cluster.get().sink(local), metrics);
        roles.add(distributor);
        readiness.add(distributor);
        receivers = Optional.of(distributor.ports());
      }
      cluster.ifPresent(Cluster::activate);
      Andante andante = new Andante(
              config, vertx, backend, List.copyOf(roles), ingester, querier, compactorRole, receivers, cluster, readiness);
      readiness.started();
      LOG.info(
          "Andante started (target {}, in {} ms): {}; storage {}",
          config.target().key(),
          (System.nanoTime() - startedAt) / 1_000_000,
          andante.describeListeners(),
          describe(config.storage()));
      return andante;
    } catch (RuntimeException e) {
      closeAll(roles, vertx, backend);
      String message = e.getMessage() != null && e.getMessage().startsWith("Cannot ") ? e.getMessage() : e.toString();
      throw new IllegalStateException("Cannot start Andante: " + message, e);
    }
  }

  /** The roles a member announces to the cluster for {@code target}. */
  static Set<String> roles(Target target) {
    Set<String> roles = new TreeSet<>();
    if (target.runsDistributor()) {
      roles.add(Member.DISTRIBUTOR);
    }
    if (target.runsIngester()) {
      roles.add(Member.INGESTER);
    }
    if (target.runsQuerier()) {
      roles.add(Member.QUERIER);
    }
    if (target.runsCompactor()) {
      roles.add(Member.COMPACTOR);
    }
    return roles;
  }

  public AndanteConfig config() {
    return config;
  }

  /** The port of the HTTP API. @throws IllegalStateException when this process runs no querier */
  public int httpPort() {
    return querier.orElseThrow(() -> new IllegalStateException("Cannot tell HTTP port: no querier runs (target " + config.target().key() + ")")).httpPort();
  }

  /** The port of the OTLP/gRPC receiver. @throws IllegalStateException when no receivers run */
  public int otlpGrpcPort() {
    return receiverPorts().grpcPort();
  }

  /** The port of the OTLP/HTTP receiver. @throws IllegalStateException when no receivers run */
  public int otlpHttpPort() {
    return receiverPorts().httpPort();
  }

  /** The compactor of this process, if it runs one (tests read its statistics). */
  public Optional<Compactor> compactor() {
    return compactor.map(CompactorRole::compactor);
  }

  /** This process as a cluster member, when it has a {@code memberlist}. */
  public Optional<Cluster> cluster() {
    return cluster;
  }

  /**
   * Empty once every role serves, as {@code /ready} answers; otherwise what is still pending. The
   * querier is ready after its first blocklist poll, which runs in the background after {@link
   * #start} returns.
   */
  public Optional<String> notReady() {
    return readiness.notReady();
  }

  /** The ingester of this process, if it runs one (tests use it to flush on demand). */
  public Optional<Ingester> ingester() {
    return ingester.map(IngesterRole::ingester);
  }

  /**
   * Stops receiving, writes every trace the ingester holds to a block, stops the HTTP API, and
   * releases Vert.x and the object store. Idempotent; blocks until done.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    cluster.ifPresent(Cluster::leave);
    closeAll(roles, vertx, backend);
    LOG.info("Andante stopped");
  }

  private IngesterServer.BoundPorts receiverPorts() {
    return receivers.orElseThrow(
        () -> new IllegalStateException("Cannot tell OTLP port: no receivers run (target " + config.target().key() + ")"));
  }

  private String describeListeners() {
    List<String> parts = new ArrayList<>();
    querier.ifPresent(q -> parts.add("HTTP API " + config.querier().httpListenAddress() + ":" + q.httpPort()));
    receivers.ifPresent(
        r -> {
          parts.add("OTLP/gRPC " + host(config.ingester().otlpGrpcEndpoint()) + ":" + r.grpcPort());
          parts.add("OTLP/HTTP " + host(config.ingester().otlpHttpEndpoint()) + ":" + r.httpPort());
        });
    cluster.ifPresent(c -> parts.add("cluster member " + c.localId()));
    return parts.isEmpty() ? "no listeners" : String.join(", ", parts);
  }

  private static String host(String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    String host = colon < 0 ? endpoint : endpoint.substring(0, colon);
    return host.isEmpty() ? "0.0.0.0" : host;
  }

  static String describe(StorageConfig storage) {
    String blocks =
        storage.backend().equals(StorageConfig.BACKEND_S3)
            ? "s3 bucket " + storage.s3().bucket()
                + (storage.s3().prefix().isEmpty() ? "" : " prefix " + storage.s3().prefix())
                + (storage.s3().endpoint().isEmpty() ? "" : " at " + storage.s3().endpoint())
            : storage.backend() + " " + storage.localPath().toAbsolutePath().normalize();
    return blocks + ", WAL " + storage.walPath().toAbsolutePath().normalize();
  }

  /** Closes in reverse order of start: receivers and the ingester's flush first. Never throws. */
  private static void closeAll(List<Role> roles, Vertx vertx, Backend backend) {
    for (int i = roles.size() - 1; i >= 0; i--) {
      try {
        roles.get(i).close();
      } catch (RuntimeException e) {
        LOG.warn("Cannot close {}: {}", roles.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    try {
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().get(VERTX_CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("Cannot close Vert.x: {}", e.toString());
    }
    if (backend != null) {
      try {
        backend.close();
      } catch (RuntimeException e) {
        LOG.warn("Cannot close the object store: {}", e.getMessage());
      }
    }
  }

  /** {@code /ready}: every role started and serving. */
  private static final class Readiness {
    private final List<Role> roles = new CopyOnWriteArrayList<>();
    private volatile boolean started;

    void add(Role role) {
      roles.add(role);
    }

    void started() {
      started = true;
    }

    Optional<String> notReady() {
      if (!started) {
        return Optional.of("starting");
      }
      for (Role role : roles) {
        Optional<String> reason = role.notReady();
        if (reason.isPresent()) {
          return reason;
        }
      }
      return Optional.empty();
    }
  }
}
