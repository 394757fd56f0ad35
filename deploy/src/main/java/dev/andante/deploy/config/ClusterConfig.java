package dev.andante.deploy.config;

import java.util.Optional;

/**
 * How this process takes part in a cluster.
 *
 * @param memberlist empty: the process runs alone, as a single binary, with no cluster engine
 *     started
 * @param replicationFactor {@code ingester.lifecycler.ring.replication_factor}: how many ingesters
 *     receive each trace; a write is acknowledged once {@code owners / 2 + 1} of them have it in
 *     their write-ahead log. With fewer live ingesters than this, every live one receives it.
 */
public record ClusterConfig(Optional<MemberlistConfig> memberlist, int replicationFactor) {
  public static final int DEFAULT_REPLICATION_FACTOR = 1;
  public static final ClusterConfig SINGLE = new ClusterConfig(Optional.empty(), DEFAULT_REPLICATION_FACTOR);

  public ClusterConfig {
    if (memberlist == null) {
      throw new IllegalArgumentException("memberlist must not be null (use Optional.empty())");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException(
          "ingester.lifecycler.ring.replication_factor must be at least 1, got " + replicationFactor);
    }
  }

  public boolean clustered() {
    return memberlist.isPresent();
  }
}
