package dev.andante.deploy.cluster;

import dev.andante.compactor.planning.HashJobOwnership;
import dev.andante.compactor.planning.JobOwnership;
import dev.andante.deploy.config.ClusterConfig;
import dev.andante.deploy.roles.Futures;
import dev.andante.deploy.roles.Role;
import dev.andante.ingester.Ingester;
import dev.andante.ingester.distributor.TraceSink;
import dev.andante.querier.tracebyid.RecentTraceSource;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.shareddata.Lock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process as a cluster member: the clustered Vert.x, the membership and ring, and the pieces
 * the roles are wired with in a cluster — the ring sink for the distributor, the ring source of
 * recent traces for the querier, the ingester's event-bus endpoint, {@code /status/ring}.
 *
 * <p>Life cycle: {@link #join}, start the roles, {@link #activate}; at shutdown {@link #leave} before
 * the roles close (others stop routing here while the ingester flushes), then close Vert.x.
 */
public final class Cluster {
  static final Duration AWAIT = Duration.ofSeconds(30);
  /** Clustered lock names of compaction jobs: {@code compaction/<tenant>-<level>-<window>}. */
  static final String CLAIM_PREFIX = "compaction/";
  /** How long a compactor waits for a job's lock before leaving the job to its holder. */
  static final Duration CLAIM_WAIT = Duration.ofMillis(200);
  private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

  private final ClusterConfig config;
  private final ClusterNode node;
  private final Membership membership;
  private final IngesterClient client;

  private Cluster(ClusterConfig config, ClusterNode node, Membership membership) {
    this.config = config;
    this.node = node;
    this.membership = membership;
    this.client = new IngesterClient(node.vertx());
  }

  /**
   * Joins the cluster of {@code config.memberlist()} with {@code roles}; blocks until joined and the
   * membership is read. The member is {@link MemberState#JOINING} until {@link #activate}.
   */
  public static Cluster join(ClusterConfig config, Set<String> roles) {
    ClusterNode node =
        ClusterNode.join(
            config.memberlist().orElseThrow(() -> new IllegalArgumentException("config has no memberlist")), roles);
    try {
      Membership membership = Futures.await(Membership.start(node.vertx(), node.manager()), AWAIT, "read the cluster membership");
      LOG.info("Joined the cluster as {} ({})", node.nodeId(), String.join("+", new java.util.TreeSet<>(roles)));
      return new Cluster(config, node, membership);
    } catch (RuntimeException e) {
      node.vertx().close();
      throw e;
    }
  }

  public Vertx vertx() {
    return node.vertx();
  }

  public String localId() {
    return node.nodeId();
  }

  public Membership membership() {
    return membership;
  }

  /** Where the distributor hands pieces: their owners on the ring, {@code local} for this member. */
  public TraceSink sink(Optional<TraceSink> local) {
    return new RingTraceSink(
        membership::ring, localId(), local, client, config.replicationFactor(), RingTraceSink.DEFAULT_PUSH_TIMEOUT);
  }

  /** Recent traces from every ingester of the cluster, {@code local} for this member's. */
  public RecentTraceSource recent(Optional<RecentTraceSource> local, Duration queryTimeout) {
    Duration timeout = min(RingRecentTraceSource.DEFAULT_TIMEOUT, queryTimeout.dividedBy(4));
    return new RingRecentTraceSource(
        () -> membership.snapshot().members(), localId(), local, client, config.replicationFactor(), timeout);
  }

  /** {@code /status/ring} and its alias {@code /distributor/ring}. */
  public Map<String, Handler<RoutingContext>> routes() {
    RingStatus status = new RingStatus(membership::snapshot, localId(), config.replicationFactor());
    return Map.of("/status/ring", status, "/distributor/ring", status);
  }

  /** Serves {@code ingester} to the other members until the returned role is closed. */
  public Role serve(Ingester ingester) {
    IngesterEndpoint endpoint = Futures.await(IngesterEndpoint.register(vertx(), localId(), ingester), AWAIT, "serve the ingester on the event bus");
    return new Role() {
      @Override
      public Optional<String> notReady() {
        return Optional.empty();
      }

      @Override
      public void close() {
        endpoint.close();
      }
    };
  }

  /**
   * Compaction jobs shared with the other live compactors: a job key belongs to the compactor that
   * wins it by rendezvous hashing among the members whose roles include compactor and that are not
   * leaving, and runs under the clustered lock {@code compaction/<key>}, so two compactors whose
   * views of the membership differ for a moment still never run one job at once.
   */
  public JobOwnership compactionOwnership() {
    return new HashJobOwnership(localId(), this::liveCompactors, this::claim);
  }

  private List<String> liveCompactors() {
    return membership.snapshot().members().stream()
        .filter(m -> m.runs(Member.COMPACTOR) && m.state() != MemberState.LEAVING)
        .map(Member::id)
        .toList();
  }

  private Optional<JobOwnership.Claim> claim(String jobKey) {
    try {
      Lock lock =
          Futures.await(
              vertx().sharedData().getLockWithTimeout(CLAIM_PREFIX + jobKey, CLAIM_WAIT.toMillis()),
              CLAIM_WAIT.plus(AWAIT),
              "claim compaction job " + jobKey);
      return Optional.of(lock::release);
    } catch (IllegalStateException e) {
      LOG.debug("{}", e.getMessage());
      return Optional.empty();
    }
  }

  /** Marks this member active: its ingester (if any) joins the ring. Blocks. */
  public void activate() {
    Futures.await(membership.activate(), AWAIT, "mark this member active");
  }

  /**
   * Marks this member leaving and waits until the others have seen it (two membership refreshes),
   * so new writes go elsewhere before the ingester flushes. Blocks; never throws.
   */
  public void leave() {
    try {
      Futures.await(membership.leave(), AWAIT, "mark this member leaving");
      Thread.sleep(Membership.REFRESH_PERIOD.toMillis() * 2 + 200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("{}", e.getMessage());
    }
    membership.close();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
