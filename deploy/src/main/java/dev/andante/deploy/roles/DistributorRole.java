package dev.andante.deploy.roles;

import dev.andante.blockformat.TenantId;
import dev.andante.deploy.config.OverridesConfig;
import dev.andante.ingester.distributor.PushResult;
import dev.andante.ingester.otlp.RequestPusher;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import dev.andante.ingester.IngesterConfig;
import dev.andante.ingester.distributor.Distributor;
import dev.andante.ingester.distributor.TraceSink;
import dev.andante.ingester.limits.RateLimiter;
import dev.andante.ingester.metrics.IngesterMetrics;
import dev.andante.ingester.otlp.IngesterServer;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributor role of a cluster member: the OTLP receivers and a {@link Distributor} that
 * validates, rate-limits and splits each request and hands the pieces to a sink, the ring. Closing it
 * stops the receivers.
 */
public final class DistributorRole implements Role {
  private static final Logger LOG = LoggerFactory.getLogger(DistributorRole.class);

  private final IngesterServer server;
  private final IngesterServer.BoundPorts ports;
  private volatile boolean serving = true;

  private DistributorRole(IngesterServer server, IngesterServer.BoundPorts ports) {
    this.server = server;
    this.ports = ports;
  }

  /**
   * Binds the receivers; blocks until both ports are bound.
   *
   * @param sink where validated pieces go
   * @param metrics where accepted and refused spans are counted (the local ingester's, if any)
   */
  public static DistributorRole start(
      Vertx vertx, IngesterConfig config, OverridesConfig overrides, TraceSink sink, IngesterMetrics metrics) {
    Distributor distributor =
        new Distributor(sink, IngesterRole.overrides(overrides), new RateLimiter(Clock.systemUTC()), metrics);
    IngesterServer server =
        new IngesterServer(
            vertx,
            config,
            new RequestPusher() {
              @Override
              public PushResult push(TenantId tenant, ExportTraceServiceRequest request) {
                return distributor.push(tenant, request);
              }

              @Override
              public PushResult push(TenantId tenant, ExportTraceServiceRequest request, byte[] wire) {
                return distributor.push(tenant, request, wire);
              }
            });
    IngesterServer.BoundPorts ports = Futures.await(server.start(), IngesterRole.START_TIMEOUT, "start the OTLP receivers");
    return new DistributorRole(server, ports);
  }

  public IngesterServer.BoundPorts ports() {
    return ports;
  }

  @Override
  public Optional<String> notReady() {
    return serving ? Optional.empty() : Optional.of("distributor: shutting down");
  }

  @Override
  public void close() {
    serving = false;
    try {
      Futures.await(server.stop(), IngesterRole.START_TIMEOUT, "stop the OTLP receivers");
    } catch (RuntimeException e) {
      LOG.warn("{}", e.getMessage());
    }
  }
}
