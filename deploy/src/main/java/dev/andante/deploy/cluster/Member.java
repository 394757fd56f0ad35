package dev.andante.deploy.cluster;

import java.util.Set;

/**
 * One process of the cluster as every member sees it.
 *
 * @param id the cluster node ID (Hazelcast's member UUID), also the ring's name for its ingester
 * @param host the address its clustered event bus listens on
 * @param roles what it runs, from its {@code -target}: {@code distributor}, {@code ingester},
 *     {@code querier}, {@code compactor}
 * @param state whether it still takes writes
 */
public record Member(String id, String host, Set<String> roles, MemberState state) {
  public static final String DISTRIBUTOR = "distributor";
  public static final String INGESTER = "ingester";
  public static final String QUERIER = "querier";
  public static final String COMPACTOR = "compactor";

  public Member {
    if (id == null || host == null || roles == null || state == null) {
      throw new IllegalArgumentException("id, host, roles and state must not be null");
    }
    roles = Set.copyOf(roles);
  }

  public boolean runs(String role) {
    return roles.contains(role);
  }

  public boolean isActive() {
    return state == MemberState.ACTIVE;
  }
}
