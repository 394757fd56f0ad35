package dev.andante.deploy.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import dev.andante.deploy.config.MemberlistConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Hazelcast's configuration for a {@code memberlist} section, built in code rather than from XML:
 * TCP/IP join with the member list, multicast and auto-detection off, bound to {@code bind_addr:
 * bind_port}, the failure detector's heartbeat and timeout from the config, and the maps Vert.x's
 * cluster manager keeps its subscriptions and node information in.
 */
final class HazelcastSettings {
  /** Members of one Andante cluster; a Hazelcast of another application on the same hosts is not joined. */
  static final String CLUSTER_NAME = "andante";

  private HazelcastSettings() {}

  static Config of(MemberlistConfig memberlist) {
    Config config = new Config();
    config.setClusterName(CLUSTER_NAME);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // Vert.x leaves the cluster in its own close(); Hazelcast's hook would race it.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", Long.toString(memberlist.heartbeatInterval().toSeconds()));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(memberlist.deadAfter().toSeconds()));
    // A member that stops answering is suspected quickly too, not only after the heartbeat timeout.
    config.setProperty("hazelcast.heartbeat.failuredetector.type", "deadline");
    String address = resolve(memberlist.bindAddr());
    config.setProperty("hazelcast.local.localAddress", address);
    // Members join within seconds of each other; don't wait the default 5 s for more to show up.
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(memberlist.bindPort()).setPortAutoIncrement(false);
    network.setPublicAddress(address + ":" + memberlist.bindPort());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
    for (String member : memberlist.joinMembers()) {
      join.getTcpIpConfig().addMember(member);
    }
    if (memberlist.joinMembers().isEmpty()) {
      join.getTcpIpConfig().addMember(address + ":" + memberlist.bindPort());
    }

    // What vertx-hazelcast's default-cluster.xml declares.
    config.addMultiMapConfig(
        new MultiMapConfig("__vertx.subs").setBackupCount(1).setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
    return config;
  }

  /** Hazelcast binds to an IP address; {@code bind_addr} may name the host (a pod's or container's). */
  private static String resolve(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Cannot join the cluster: memberlist.bind_addr '" + host + "' does not resolve", e);
    }
  }
}
