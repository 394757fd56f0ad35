package dev.andante.deploy.cluster;

import dev.andante.deploy.config.MemberlistConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A clustered Vert.x: Hazelcast membership configured from {@code memberlist}, and the clustered
 * event bus on {@code bind_addr} (an ephemeral port, published to the others through the cluster).
 * The process's roles ride in the node's metadata, so every member knows what the others run.
 *
 * @param vertx the clustered instance; closing it leaves the cluster
 * @param manager its cluster manager (node IDs, node metadata, clustered maps and locks)
 */
public record ClusterNode(Vertx vertx, HazelcastClusterManager manager) {
  /** Node metadata key of the member's roles (a JSON array of role names). */
  static final String ROLES = "roles";

  static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Joins the cluster; blocks until joined.
   *
   * @throws IllegalStateException "Cannot join the cluster: ..." when Hazelcast cannot bind or the
   *     event bus cannot start
   */
  public static ClusterNode join(MemberlistConfig memberlist, Set<String> roles) {
    if (memberlist == null || roles == null) {
      throw new IllegalArgumentException("memberlist and roles must not be null");
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSettings.of(memberlist));
    VertxOptions options = new VertxOptions();
    options
        .getEventBusOptions()
        .setHost(memberlist.bindAddr())
        .setClusterPublicHost(memberlist.bindAddr())
        .setPort(memberlist.eventBusPort())
        .setClusterNodeMetadata(new JsonObject().put(ROLES, new JsonArray(roles.stream().sorted().toList())));
    try {
      Vertx vertx =
          Vertx.builder()
              .with(options)
              .withClusterManager(manager)
              .buildClustered()
              .toCompletionStage()
              .toCompletableFuture()
              .get(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return new ClusterNode(vertx, manager);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(
          "Cannot join the cluster: " + cause.getMessage() + " (memberlist " + memberlist.bindAddr() + ":"
              + memberlist.bindPort() + ", join " + memberlist.joinMembers() + ")",
          cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Cannot join the cluster: not joined within " + JOIN_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot join the cluster: interrupted", e);
    }
  }

  public String nodeId() {
    return manager.getNodeId();
  }
}
