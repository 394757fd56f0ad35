package dev.andante.deploy.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's view of the cluster: the live members (Hazelcast's member list), their roles (node
 * metadata) and states (a clustered map: ACTIVE once a member serves, LEAVING while it shuts down,
 * absent while it starts), and
 * the token ring of the active ingesters. Refreshed every {@link #REFRESH_PERIOD} on an event loop
 * with asynchronous calls only; readers get an immutable snapshot. A member removed by Hazelcast's
 * failure detector drops out of the ring at the next refresh, and writes go to the others.
 */
public final class Membership implements AutoCloseable {
  public static final Duration REFRESH_PERIOD = Duration.ofMillis(500);
  /** A leaving member's state entry expires by itself if the member dies before it is gone. */
  static final Duration LEAVING_TTL = Duration.ofMinutes(10);
  static final String STATE_MAP = "andante.member-states";

  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  /** An immutable view: the members sorted by ID and the ring of the active ingesters. */
  public record Snapshot(List<Member> members, TokenRing ring) {
    public Snapshot {
      members = List.copyOf(members);
    }
  }

  private final Vertx vertx;
  private final ClusterManager manager;
  private final AsyncMap<String, String> states;
  private final Map<String, NodeInfo> nodeInfos = new ConcurrentHashMap<>();
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile Snapshot snapshot = new Snapshot(List.of(), TokenRing.EMPTY);
  private long timer = -1;

  private Membership(Vertx vertx, ClusterManager manager, AsyncMap<String, String> states) {
    this.vertx = vertx;
    this.manager = manager;
    this.states = states;
  }

  /** Reads the membership once, then keeps it fresh. */
  public static Future<Membership> start(Vertx vertx, ClusterManager manager) {
    return vertx
        .sharedData()
        .<String, String>getAsyncMap(STATE_MAP)
        .compose(
            map -> {
              Membership membership = new Membership(vertx, manager, map);
              return membership.refresh().map(membership);
            })
        .onSuccess(m -> m.timer = vertx.setPeriodic(REFRESH_PERIOD.toMillis(), id -> m.refreshQuietly()));
  }

  public String localId() {
    return manager.getNodeId();
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  /** The ring of the active ingesters, as of the last refresh. */
  public TokenRing ring() {
    return snapshot.ring();
  }

  /** Tells every member this one serves: its ingester joins their rings at their next refresh. */
  public Future<Void> activate() {
    return states.put(localId(), MemberState.ACTIVE.name()).compose(v -> refresh());
  }

  /** Tells every member this one is leaving: its ingester leaves their rings at their next refresh. */
  public Future<Void> leave() {
    return states.put(localId(), MemberState.LEAVING.name(), LEAVING_TTL.toMillis()).compose(v -> refresh());
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void refreshQuietly() {
    refresh().onFailure(e -> LOG.warn("Cannot refresh the cluster membership: {}", e.toString()));
  }

  /** Reads members, their metadata and states; at most one refresh runs at a time. */
  Future<Void> refresh() {
    if (!refreshing.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    try {
      return readMembers();
    } catch (RuntimeException e) {
      // E.g. Hazelcast shutting down under us; the next refresh tries again.
      refreshing.set(false);
      return Future.failedFuture(e);
    }
  }

  private Future<Void> readMembers() {
    List<String> nodes = manager.getNodes();
    nodeInfos.keySet().retainAll(new HashSet<>(nodes));
    List<Future<NodeInfo>> infos = new ArrayList<>(nodes.size());
    for (String node : nodes) {
      infos.add(nodeInfo(node));
    }
    Future<Map<String, String>> leaving = states.entries();
    List<Future<?>> all = new ArrayList<>(infos);
    all.add(leaving);
    return Future.join(all)
        .transform(
            done -> {
              refreshing.set(false);
              if (leaving.failed()) {
                return Future.failedFuture(leaving.cause());
              }
              List<Member> members = new ArrayList<>();
              for (int i = 0; i < nodes.size(); i++) {
                if (infos.get(i).succeeded() && infos.get(i).result() != null) {
                  members.add(member(nodes.get(i), infos.get(i).result(), leaving.result()));
                }
              }
              members.sort(Comparator.comparing(Member::id));
              publish(members);
              return Future.succeededFuture();
            });
  }

  private Future<NodeInfo> nodeInfo(String node) {
    NodeInfo known = nodeInfos.get(node);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    Promise<NodeInfo> promise = Promise.promise();
    manager.getNodeInfo(node, promise);
    return promise.future().onSuccess(info -> {
      if (info != null) {
        nodeInfos.put(node, info);
      }
    });
  }

  private static Member member(String id, NodeInfo info, Map<String, String> states) {
    Set<String> roles = new HashSet<>();
    JsonArray array = info.metadata() == null ? null : info.metadata().getJsonArray(ClusterNode.ROLES);
    if (array != null) {
      array.forEach(r -> roles.add(String.valueOf(r)));
    }
    String stored = states.get(id);
    MemberState state = stored == null ? MemberState.JOINING : MemberState.valueOf(stored);
    return new Member(id, info.host(), roles, state);
  }

  private void publish(List<Member> members) {
    Snapshot previous = snapshot;
    if (previous.members().equals(members)) {
      return;
    }
    List<String> ingesters =
        members.stream().filter(m -> m.isActive() && m.runs(Member.INGESTER)).map(Member::id).toList();
    TokenRing ring = previous.ring().members().equals(ingesters) ? previous.ring() : TokenRing.of(ingesters);
    snapshot = new Snapshot(members, ring);
    LOG.info(
        "Cluster members: {}; {} ingester(s) in the ring",
        members.stream().map(m -> m.id().substring(0, Math.min(8, m.id().length())) + (m.id().equals(localId()) ? "(this)" : "")
            + " " + String.join("+", new java.util.TreeSet<>(m.roles())) + " " + m.state()).toList(),
        ring.members().size());
  }
}
