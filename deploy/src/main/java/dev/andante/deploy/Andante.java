package dev.andante.deploy;

import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.backend.ObjectStores;
import dev.andante.blockformat.backend.StorageConfig;
import dev.andante.blockformat.blocklist.Blocklist;
import dev.andante.deploy.config.AndanteConfig;
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
  private final Readiness readiness;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Andante(
      AndanteConfig config,
      Vertx vertx,
      Backend backend,
      List<Role> roles,
      Optional<IngesterRole> ingester,
      Optional<QuerierRole> querier,
      Readiness readiness) {
    this.config = config;
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
    Vertx vertx = Vertx.vertx();
    Backend backend = null;
    try {
      ObjectStore store = ObjectStores.open(config.storage());
      backend = new Backend(store);
      store.verify();
      Backend shared = backend;

      AtomicReference<Blocklist> blocklist = new AtomicReference<>();
      Optional<IngesterRole> ingester = Optional.empty();
      if (config.target().runsIngester()) {
        Consumer<BlockMeta> publish = meta -> Optional.ofNullable(blocklist.get()).ifPresent(b -> b.add(meta));
        ingester = Optional.of(IngesterRole.start(vertx, config.ingester(), config.storage(), store, publish, config.overrides()));
        roles.add(ingester.get());
        readiness.add(ingester.get());
      }
      Optional<QuerierRole> querier = Optional.empty();
      if (config.target().runsQuerier()) {
        RecentTraceSource recent = ingester.<RecentTraceSource>map(i -> i.ingester()::find).orElse(RecentTraceSource.NONE);
        querier = Optional.of(QuerierRole.start(vertx, config.querier(), config.storage(), shared, recent, readiness::notReady));
        blocklist.set(querier.get().blocklist());
        if (ingester.isPresent()) {
          querier.get().metrics().include(ingester.get().ingester().metrics()::scrape);
        }
        roles.add(querier.get());
        readiness.add(querier.get());
      }
      if (config.target().runsCompactor()) {
        CompactorRole compactor = CompactorRole.start(
            config.compactor(), config.storage(), config.overrides().perTenantOverrideConfig(), backend);
        roles.add(compactor);
        readiness.add(compactor);
      }
      Andante andante = new Andante(config, vertx, backend, List.copyOf(roles), ingester, querier, readiness);
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

  public AndanteConfig config() {
    return config;
  }

  /** The port of the HTTP API. @throws IllegalStateException when this process runs no querier */
  public int httpPort() {
    return querier.orElseThrow(() -> new IllegalStateException("Cannot tell HTTP port: no querier runs (target " + config.target().key() + ")")).httpPort();
  }

  /** The port of the OTLP/gRPC receiver. @throws IllegalStateException when no ingester runs */
  public int otlpGrpcPort() {
    return ingesterRole().grpcPort();
  }

  /** The port of the OTLP/HTTP receiver. @throws IllegalStateException when no ingester runs */
  public int otlpHttpPort() {
    return ingesterRole().httpPort();
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
    closeAll(roles, vertx, backend);
    LOG.info("Andante stopped");
  }

  private IngesterRole ingesterRole() {
    return ingester.orElseThrow(
        () -> new IllegalStateException("Cannot tell OTLP port: no ingester runs (target " + config.target().key() + ")"));
  }

  private String describeListeners() {
    List<String> parts = new ArrayList<>();
    querier.ifPresent(q -> parts.add("HTTP API " + config.querier().httpListenAddress() + ":" + q.httpPort()));
    ingester.ifPresent(
        i -> {
          parts.add("OTLP/gRPC " + host(config.ingester().otlpGrpcEndpoint()) + ":" + i.grpcPort());
          parts.add("OTLP/HTTP " + host(config.ingester().otlpHttpEndpoint()) + ":" + i.httpPort());
        });
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
      vertx.close().toCompletionStage().toCompletableFuture().get(VERTX_CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
