package dev.andante.deploy.roles;

import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.backend.StorageConfig;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.deploy.config.OverridesConfig;
import dev.andante.ingester.Ingester;
import dev.andante.ingester.limits.Limits;
import dev.andante.ingester.limits.LimitsParser;
import dev.andante.ingester.limits.Overrides;
import dev.andante.ingester.limits.OverridesFile;
import java.nio.file.Path;
import dev.andante.ingester.IngesterConfig;
import dev.andante.ingester.otlp.IngesterServer;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingester role: the {@link Ingester} and its OTLP receivers. Closing it stops the receivers
 * first, so no span arrives after the final flush, then writes every trace still in memory to a
 * block.
 */
public final class IngesterRole implements Role {
  /** Longest wait for the final flush at shutdown; what is not written by then is lost. */
  public static final Duration FLUSH_TIMEOUT = Duration.ofMinutes(2);

  static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(IngesterRole.class);

  private final Ingester ingester;
  private final Optional<IngesterServer> server;
  private final Optional<IngesterServer.BoundPorts> ports;
  private volatile boolean serving = true;

  private IngesterRole(Ingester ingester, Optional<IngesterServer> server, Optional<IngesterServer.BoundPorts> ports) {
    this.ingester = ingester;
    this.server = server;
    this.ports = ports;
  }

  /**
   * Starts the ingester and binds its receivers; blocks until both ports are bound.
   *
   * @param onBlockFlushed told of every block the ingester has written (meta.json included), on the
   *     flushing thread
   */
  public static IngesterRole start(
      Vertx vertx, IngesterConfig config, StorageConfig storage, ObjectStore store, Consumer<BlockMeta> onBlockFlushed) {
    return start(vertx, config, storage, store, onBlockFlushed, OverridesConfig.DEFAULT);
  }

  /**
   * As above, with the tenants' limits: {@code overrides.defaults}, and the per-tenant file (re-read
   * every {@link OverridesFile#DEFAULT_PERIOD}) when one is named.
   */
  public static IngesterRole start(
      Vertx vertx,
      IngesterConfig config,
      StorageConfig storage,
      ObjectStore store,
      Consumer<BlockMeta> onBlockFlushed,
      OverridesConfig overridesConfig) {
    Ingester ingester = startIngester(config, storage, store, onBlockFlushed, overridesConfig);
    IngesterServer server = new IngesterServer(vertx, ingester);
    try {
      IngesterServer.BoundPorts ports = Futures.await(server.start(), START_TIMEOUT, "start the OTLP receivers");
      return new IngesterRole(ingester, Optional.of(server), Optional.of(ports));
    } catch (RuntimeException e) {
      ingester.close();
      throw e;
    }
  }

  /**
   * The ingester alone, without receivers: in a cluster, spans reach it from the distributors over
   * the ring ({@link DistributorRole}).
   */
  public static IngesterRole startWithoutReceivers(
      IngesterConfig config,
      StorageConfig storage,
      ObjectStore store,
      Consumer<BlockMeta> onBlockFlushed,
      OverridesConfig overridesConfig) {
    return new IngesterRole(
        startIngester(config, storage, store, onBlockFlushed, overridesConfig), Optional.empty(), Optional.empty());
  }

  /**
   * The tenants' limits: {@code overrides.defaults}, and the per-tenant file (re-read every {@link
   * OverridesFile#DEFAULT_PERIOD}) when one is named.
   */
  public static Overrides overrides(OverridesConfig overridesConfig) {
    Limits defaults = LimitsParser.parse(overridesConfig.defaults(), Limits.DEFAULT, "overrides.defaults");
    return overridesConfig.perTenantOverrideConfig().isEmpty()
        ? Overrides.of(defaults)
        : OverridesFile.open(Path.of(overridesConfig.perTenantOverrideConfig()), defaults, OverridesFile.DEFAULT_PERIOD);
  }

  private static Ingester startIngester(
      IngesterConfig config,
      StorageConfig storage,
      ObjectStore store,
      Consumer<BlockMeta> onBlockFlushed,
      OverridesConfig overridesConfig) {
    Overrides overrides = overrides(overridesConfig);
    Backend reading = new Backend(store);
    Backend backend =
        new Backend(
            new BlockPublishingStore(store, (tenant, blockId) -> reading.blockMeta(tenant, blockId).ifPresent(onBlockFlushed)));
    Ingester ingester =
        new Ingester(config, backend, Encodings.current(), storage.block(), storage.walPath(), Clock.systemUTC(), overrides);
    ingester.start();
    return ingester;
  }

  public Ingester ingester() {
    return ingester;
  }

  /** The receivers' ports, when this role runs its own receivers. */
  public Optional<IngesterServer.BoundPorts> ports() {
    return ports;
  }

  @Override
  public Optional<String> notReady() {
    return serving ? Optional.empty() : Optional.of("ingester: shutting down");
  }

  @Override
  public void close() {
    serving = false;
    server.ifPresent(
        s -> {
          try {
            Futures.await(s.stop(), START_TIMEOUT, "stop the OTLP receivers");
          } catch (RuntimeException e) {
            LOG.warn("{}", e.getMessage());
          }
        });
    try {
      long start = System.nanoTime();
      if (ingester.flushAll(FLUSH_TIMEOUT)) {
        LOG.info("Flushed the ingester's traces in {} ms", (System.nanoTime() - start) / 1_000_000);
      } else {
        LOG.error("Cannot flush the ingester's traces within {} s: what is not written is lost", FLUSH_TIMEOUT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.error("Cannot flush the ingester's traces: interrupted");
    } catch (RuntimeException e) {
      LOG.error("Cannot flush the ingester's traces: {}", e.getMessage(), e);
    }
    ingester.close();
  }
}
