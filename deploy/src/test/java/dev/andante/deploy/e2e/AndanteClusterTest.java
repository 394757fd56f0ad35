package dev.andante.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.StorageConfig;
import dev.andante.deploy.Andante;
import dev.andante.deploy.config.AndanteConfig;
import dev.andante.deploy.config.ConfigLoader;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members in one JVM, each its own clustered Vert.x and Hazelcast, RF=2, one shared local
 * bucket: spans sent to one member land in exactly two ingesters, every querier returns every trace
 * whole, {@code /status/ring} shows the ring, and a member that leaves takes its ingester out of the
 * ring while writes and reads go on.
 */
class AndanteClusterTest {
  @TempDir Path dir;
  private final List<Andante> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(Andante::close);
  }

  @Test
  void threeMembersReplicateAndServeEveryTrace() throws Exception {
    List<Integer> ports = FreePorts.pick(3);
    for (int i = 0; i < 3; i++) {
      nodes.add(Andante.start(config(ports, i)));
    }
    await("three active ingesters in every ring")
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> nodes.stream().allMatch(n -> n.cluster().orElseThrow().membership().ring().members().size() == 3));

    TraceFixture fixture = new TraceFixture();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.addAll(fixture.send(exporter(nodes.get(i)), 4, "node" + i));
    }
    for (String id : ids) {
      long holders = nodes.stream().filter(n -> n.ingester().orElseThrow().find(TenantId.SINGLE_TENANT, TraceId.parseHex(id)).isPresent()).count();
      assertThat(holders).as("ingesters holding trace %s", id).isEqualTo(2);
      for (Andante node : nodes) {
        assertThat(CanonicalSpans.of(new TraceApi(node.httpPort()).v1Json(id)))
            .as("trace %s from %s", id, node.cluster().orElseThrow().localId())
            .isEqualTo(CanonicalSpans.of(fixture.sent(id)));
      }
    }

    JsonNode ring = new ObjectMapper().readTree(new TraceApi(nodes.get(0).httpPort()).get("/status/ring", null).body());
    assertThat(ring.get("members")).hasSize(3);
    double total = 0;
    for (JsonNode m : ring.get("members")) {
      assertThat(m.get("state").asText()).isEqualTo("ACTIVE");
      assertThat(m.get("tokens").asInt()).isEqualTo(128);
      total += m.get("ownership").asDouble();
    }
    assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(new TraceApi(nodes.get(1).httpPort()).get("/distributor/ring", "text/html").text()).contains("<table");

    Andante leaving = nodes.remove(2);
    leaving.close();
    await("two ingesters in the ring")
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> nodes.stream().allMatch(n -> n.cluster().orElseThrow().membership().ring().members().size() == 2));
    List<String> later = fixture.send(exporter(nodes.get(1)), 4, "after");
    for (String id : concat(ids, later)) {
      assertThat(CanonicalSpans.of(new TraceApi(nodes.get(0).httpPort()).v1Json(id)))
          .as("trace %s after a member left", id)
          .isEqualTo(CanonicalSpans.of(fixture.sent(id)));
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static OtlpGrpcSpanExporter exporter(Andante node) {
    return OtlpGrpcSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + node.otlpGrpcPort())
        .setTimeout(Duration.ofSeconds(10))
        .build();
  }

  private AndanteConfig config(List<Integer> ports, int i) {
    String yaml =
        LoopbackPorts.YAML
            + FreePorts.memberlist(ports, i)
            + """
        ingester:
          trace_idle_period: 10m
          max_block_duration: 30m
          flush_check_period: 100ms
          lifecycler: {ring: {replication_factor: 2}}
        storage:
          trace:
            blocklist_poll: 1s
        compactor:
          compaction: {compaction_cycle: 1h}
        """;
    AndanteConfig c = ConfigLoader.plain().parse(yaml, "node" + i);
    StorageConfig storage = c.storage().withLocalPath(dir.resolve("blocks")).withWalPath(dir.resolve("wal" + i));
    return c.withStorage(storage);
  }
}
