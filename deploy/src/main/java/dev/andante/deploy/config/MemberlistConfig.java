package dev.andante.deploy.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code memberlist}: how this process finds the others. Its presence makes the process a cluster
 * member (Vert.x clustering on Hazelcast, TCP/IP join with {@link #joinMembers}, multicast off).
 *
 * @param bindAddr address Hazelcast and the clustered event bus bind to, and advertise to the
 *     others; must be reachable from them (not 0.0.0.0)
 * @param bindPort Hazelcast's port; every member's {@code host:port} belongs in the others' {@link
 *     #joinMembers}
 * @param joinMembers {@code host:port} (or {@code host}, meaning {@link #DEFAULT_BIND_PORT}) of
 *     members to join; may include this process itself; a DNS name (a headless Service) is resolved
 *     by Hazelcast
 * @param heartbeatInterval how often members tell each other they are alive (whole seconds)
 * @param deadAfter a member silent this long is removed (whole seconds); its ingester leaves the
 *     ring and new writes go to the others
 * @param eventBusPort port of the clustered event bus on {@code bindAddr} (pushes to and lookups in
 *     other members' ingesters); 0 picks a free one, which the others learn through the cluster
 */
public record MemberlistConfig(
    String bindAddr,
    int bindPort,
    List<String> joinMembers,
    Duration heartbeatInterval,
    Duration deadAfter,
    int eventBusPort) {
  public static final String DEFAULT_BIND_ADDR = "127.0.0.1";
  public static final int DEFAULT_BIND_PORT = 7946;
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
  /** Short, as Tempo's memberlist is quick to notice a dead member; Hazelcast's own default is 60 s. */
  public static final Duration DEFAULT_DEAD_AFTER = Duration.ofSeconds(10);

  /** With the event bus on {@code bindPort + 1}. */
  public MemberlistConfig(
      String bindAddr, int bindPort, List<String> joinMembers, Duration heartbeatInterval, Duration deadAfter) {
    this(bindAddr, bindPort, joinMembers, heartbeatInterval, deadAfter, bindPort + 1);
  }

  public MemberlistConfig {
    if (bindAddr == null || bindAddr.isBlank()) {
      throw new IllegalArgumentException("bind_addr must not be empty");
    }
    if (bindAddr.equals("0.0.0.0") || bindAddr.equals("::")) {
      throw new IllegalArgumentException("bind_addr must be an address the other members reach, got " + bindAddr);
    }
    if (bindPort < 1 || bindPort > 65535) {
      throw new IllegalArgumentException("bind_port must be a port between 1 and 65535, got " + bindPort);
    }
    if (eventBusPort < 0 || eventBusPort > 65535 || (eventBusPort == bindPort)) {
      throw new IllegalArgumentException(
          "event_bus_port must be a port between 0 and 65535 other than bind_port, got " + eventBusPort);
    }
    if (joinMembers == null) {
      throw new IllegalArgumentException("join_members must not be null");
    }
    joinMembers = List.copyOf(joinMembers);
    for (String member : joinMembers) {
      if (member.isBlank()) {
        throw new IllegalArgumentException("join_members must not contain an empty entry");
      }
    }
    requireWholeSeconds(heartbeatInterval, "heartbeat_interval");
    requireWholeSeconds(deadAfter, "dead_after");
    if (deadAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "dead_after must be at least twice heartbeat_interval, got " + deadAfter.toSeconds() + "s and "
              + heartbeatInterval.toSeconds() + "s");
    }
  }

  private static void requireWholeSeconds(Duration d, String name) {
    if (d == null || d.toSeconds() < 1 || d.toNanos() % 1_000_000_000L != 0) {
      throw new IllegalArgumentException(name + " must be a whole number of seconds, at least 1s, got " + d);
    }
  }
}
