package dev.andante.deploy.e2e;

import com.google.protobuf.ByteString;
import dev.andante.deploy.Andante;
import dev.andante.deploy.config.AndanteConfig;
import dev.andante.deploy.config.ConfigLoader;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rough routing throughput: OTLP/HTTP protobuf pushes (50 traces × 10 spans each) from 4 client
 * threads, round-robin over the members, into one member alone, three members RF=1 and three
 * RF=2, all in this JVM (so on the same cores, which is what this machine has anyway). Prints spans/s
 * and each member's share of the traces. Run with {@code -Dtest=ClusterRoutingBench
 * -Dandante.bench=true}; results in benchmarks/results/cluster-routing.md.
 */
@EnabledIfSystemProperty(named = "andante.bench", matches = "true")
class ClusterRoutingBench {
  private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("andante.bench.warmup", 5));
  private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("andante.bench.seconds", 20));
  private static final int CLIENTS = 4;

  @TempDir Path dir;

  @Test
  void measure() throws Exception {
    run("one member alone", 1, 0);
    run("three members, RF=1", 3, 1);
    run("three members, RF=2", 3, 2);
  }

  private void run(String name, int members, int replicationFactor) throws Exception {
    List<Andante> nodes = new ArrayList<>();
    Path runDir = dir.resolve(name.replaceAll("[^a-z0-9]", "_"));
    try {
      List<Integer> ports = FreePorts.pick(members);
      for (int i = 0; i < members; i++) {
        nodes.add(Andante.start(config(runDir, ports, i, replicationFactor)));
      }
      if (replicationFactor > 0) {
        Awaitility.await().atMost(60, TimeUnit.SECONDS)
            .until(() -> nodes.stream().allMatch(n -> n.cluster().orElseThrow().membership().ring().members().size() == members));
      }
      AtomicLong spans = new AtomicLong();
      AtomicLong failures = new AtomicLong();
      long warmupEnd = System.nanoTime() + WARMUP.toNanos();
      long end = warmupEnd + MEASURE.toNanos();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        Thread t = new Thread(() -> send(nodes, client, warmupEnd, end, spans, failures), "bench-client-" + c);
        clients.add(t);
        t.start();
      }
      for (Thread t : clients) {
        t.join();
      }
      StringBuilder shares = new StringBuilder();
      long total = 0;
      List<Long> held = new ArrayList<>();
      for (Andante node : nodes) {
        long traces = node.ingester().orElseThrow().storedSpans();
        held.add(traces);
        total += traces;
      }
      for (long h : held) {
        shares.append(String.format(java.util.Locale.ROOT, " %.1f%%", 100.0 * h / Math.max(1, total)));
      }
      System.out.printf(
          java.util.Locale.ROOT,
          "BENCH %s: %.0f spans/s acknowledged (%d failed requests); spans stored per member:%s (sum %d)%n",
          name, spans.get() / (double) MEASURE.toSeconds(), failures.get(), shares, total);
    } finally {
      nodes.forEach(Andante::close);
    }
  }

  private static void send(List<Andante> nodes, int client, long warmupEnd, long end, AtomicLong spans, AtomicLong failures) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    SplittableRandom random = new SplittableRandom(client);
    int next = client;
    while (System.nanoTime() < end) {
      Andante node = nodes.get(next++ % nodes.size());
      byte[] body = request(random, 50, 10).toByteArray();
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.otlpHttpPort() + "/v1/traces"))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        boolean measured = System.nanoTime() > warmupEnd;
        if (response.statusCode() == 200 && measured) {
          spans.addAndGet(500);
        } else if (response.statusCode() != 200) {
          failures.incrementAndGet();
        }
      } catch (Exception e) {
        failures.incrementAndGet();
      }
    }
  }

  private static ExportTraceServiceRequest request(SplittableRandom random, int traces, int spansPerTrace) {
    ResourceSpans.Builder resource =
        ResourceSpans.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(kv("service.name", "checkout")).addAttributes(kv("host.name", "pod-checkout-55aa")));
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    long now = System.currentTimeMillis() * 1_000_000L;
    for (int t = 0; t < traces; t++) {
      byte[] traceId = new byte[16];
      random.nextBytes(traceId);
      for (int s = 0; s < spansPerTrace; s++) {
        byte[] spanId = new byte[8];
        random.nextBytes(spanId);
        scope.addSpans(
            Span.newBuilder()
                .setTraceId(ByteString.copyFrom(traceId))
                .setSpanId(ByteString.copyFrom(spanId))
                .setName(s == 0 ? "POST /api/checkout" : "SELECT orders")
                .setKind(s == 0 ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(now - 5_000_000L)
                .setEndTimeUnixNano(now)
                .addAttributes(kv("http.route", "/api/checkout"))
                .addAttributes(kv("db.system", "postgresql"))
                .addAttributes(kv("net.peer.name", "orders-db-0"))
                .addAttributes(kv("user.tier", "gold")));
      }
    }
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(resource.addScopeSpans(scope)).build();
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static AndanteConfig config(Path dir, List<Integer> ports, int i, int replicationFactor) {
    String cluster =
        replicationFactor == 0
            ? ""
            : FreePorts.memberlist(ports, i) + "ingester: {lifecycler: {ring: {replication_factor: " + replicationFactor + "}}}\n";
    String yaml =
        LoopbackPorts.YAML
            + cluster
            + """
        overrides:
          defaults:
            ingestion: {rate_limit_bytes: 0, burst_size_bytes: 0, max_traces_per_user: 0}
        compactor:
          compaction: {compaction_cycle: 1h}
        """;
    AndanteConfig c = ConfigLoader.plain().parse(yaml, "bench" + i);
    return c.withStorage(c.storage().withLocalPath(dir.resolve("blocks")).withWalPath(dir.resolve("wal" + i)));
  }
}
