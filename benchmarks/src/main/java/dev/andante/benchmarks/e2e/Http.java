package dev.andante.benchmarks.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small HTTP helpers for the harness: wait for a 200, read a Prometheus counter, pick a free port. */
final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Http() {}

  static String get(String uri) throws IOException {
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("HTTP " + r.statusCode() + " from " + uri);
      }
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  static void awaitOk(String uri, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        get(uri);
        return;
      } catch (IOException e) {
        last = e.toString();
      }
      ChildJvm.pause(200);
    }
    throw new IllegalStateException("Cannot wait for " + uri + ": not 200 within " + timeout + " (" + last + ")");
  }

  /** The sum of every sample of {@code name} in a Prometheus text exposition; 0 if absent. */
  static long counter(String exposition, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+]+)$").matcher(exposition);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return (long) sum;
  }

  /** A port free right now on 127.0.0.1, for a server that cannot bind port 0 and report it (Zipkin). */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
