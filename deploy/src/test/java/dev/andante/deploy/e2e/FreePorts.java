package dev.andante.deploy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free ports on 127.0.0.1 for Hazelcast, whose members must know each other's ports before they
 * start: bound to port 0, read, released. Another process may take one in between; unlikely enough
 * for tests.
 */
final class FreePorts {
  private FreePorts() {}

  static List<Integer> pick(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // released anyway
        }
      }
    }
  }

  /** The YAML of a memberlist on 127.0.0.1 joining all of {@code ports}, this member on {@code ports[i]}. */
  static String memberlist(List<Integer> ports, int i) {
    StringBuilder join = new StringBuilder();
    for (int port : ports) {
      join.append(join.length() == 0 ? "" : ", ").append("\"127.0.0.1:").append(port).append('"');
    }
    return "memberlist: {bind_addr: 127.0.0.1, bind_port: " + ports.get(i) + ", join_members: [" + join
        + "], heartbeat_interval: 1s, dead_after: 3s, event_bus_port: 0}\n";
  }
}
