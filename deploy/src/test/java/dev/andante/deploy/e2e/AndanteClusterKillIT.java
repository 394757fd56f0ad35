package dev.andante.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.andante.blockformat.backend.s3.S3ProxyServer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three andante.jar processes on 127.0.0.1 form a cluster (target all, RF=2) over one S3Proxy
 * bucket. Traces go in through every member; one member is killed with SIGKILL while every trace is
 * still only in the ingesters (nothing is idle or due for a block); the two survivors return every
 * acknowledged trace whole, from the other replica, and take and serve new traces once the dead
 * member has left their rings.
 */
class AndanteClusterKillIT {
  @RegisterExtension static final S3ProxyServer S3 = new S3ProxyServer();

  @TempDir Path dir;
  private final List<ChildProcess> children = new ArrayList<>();

  @AfterEach
  void stop() {
    children.forEach(ChildProcess::close);
  }

  @Test
  void acknowledgedTracesSurviveTheDeathOfAMember() throws Exception {
    Path jar = Path.of(System.getProperty("andante.jar", "target/andante.jar"));
    assertThat(jar).as("the shaded jar built by mvn package").exists();
    String bucket = S3.createBucket();
    List<Integer> hazelcastPorts = FreePorts.pick(3);
    List<ChildProcess.Ports> ports = new ArrayList<>();
    // The first member starts alone, so the others join its cluster rather than forming their own.
    for (int i = 0; i < 3; i++) {
      Path config = dir.resolve("node" + i + ".yaml");
      Files.writeString(config, yaml(hazelcastPorts, i, bucket));
      children.add(ChildProcess.start(jar, dir, "node" + i + ".log", "-config.file=" + config));
      if (i == 0) {
        ports.add(children.get(0).awaitReady());
      }
    }
    ports.add(children.get(1).awaitReady());
    ports.add(children.get(2).awaitReady());
    for (ChildProcess.Ports p : ports) {
      awaitIngesters(p, 3);
    }

    TraceFixture fixture = new TraceFixture();
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      acknowledged.addAll(fixture.send(exporter(ports.get(i)), 4, "node" + i));
    }

    children.get(2).kill();
    assertThat(children.get(2).output()).as("no shutdown hook ran").doesNotContain("Andante stopped");
    for (int survivor = 0; survivor < 2; survivor++) {
      TraceApi api = new TraceApi(ports.get(survivor).http());
      for (String id : acknowledged) {
        assertThat(CanonicalSpans.of(api.v1Json(id)))
            .as("trace %s from survivor %d", id, survivor)
            .isEqualTo(CanonicalSpans.of(fixture.sent(id)));
      }
    }

    for (int survivor = 0; survivor < 2; survivor++) {
      awaitIngesters(ports.get(survivor), 2);
    }
    List<String> later = new ArrayList<>();
    for (int survivor = 0; survivor < 2; survivor++) {
      later.addAll(fixture.send(exporter(ports.get(survivor)), 4, "after" + survivor));
    }
    for (int survivor = 0; survivor < 2; survivor++) {
      TraceApi api = new TraceApi(ports.get(survivor).http());
      for (String id : later) {
        assertThat(CanonicalSpans.of(api.v1Json(id)))
            .as("trace %s sent after the kill, from survivor %d", id, survivor)
            .isEqualTo(CanonicalSpans.of(fixture.sent(id)));
      }
    }
    for (int survivor = 0; survivor < 2; survivor++) {
      assertThat(children.get(survivor).terminate()).isNotNegative();
      assertThat(children.get(survivor).output()).as("survivor %d shut down cleanly", survivor).contains("Andante stopped");
    }
  }

  private static void awaitIngesters(ChildProcess.Ports ports, int n) {
    TraceApi api = new TraceApi(ports.http());
    ObjectMapper json = new ObjectMapper();
    await("" + n + " active ingesters in the ring of the member at " + ports.http())
        .atMost(60, TimeUnit.SECONDS)
        .pollInterval(200, TimeUnit.MILLISECONDS)
        .until(
            () -> {
              JsonNode ring = json.readTree(api.get("/status/ring", null).body());
              int active = 0;
              for (JsonNode m : ring.get("members")) {
                active += m.get("state").asText().equals("ACTIVE") && m.get("tokens").asInt() > 0 ? 1 : 0;
              }
              return active == n && ring.get("members").size() == n;
            });
  }

  private static OtlpGrpcSpanExporter exporter(ChildProcess.Ports ports) {
    return OtlpGrpcSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + ports.otlpGrpc())
        .setTimeout(Duration.ofSeconds(10))
        .build();
  }

  private String yaml(List<Integer> hazelcastPorts, int i, String bucket) {
    return LoopbackPorts.YAML
        + FreePorts.memberlist(hazelcastPorts, i)
        + """
        ingester:
          trace_idle_period: 10m
          max_block_duration: 30m
          lifecycler: {ring: {replication_factor: 2}}
        compactor:
          compaction: {compaction_cycle: 1h}
        storage:
          trace:
            backend: s3
            s3:
              bucket: %s
              endpoint: "127.0.0.1:%d"
              access_key: %s
              secret_key: %s
              insecure: true
              forcepathstyle: true
            wal: {path: ./wal%d, fsync: always}
            blocklist_poll: 1s
        """
            .formatted(bucket, S3.port(), S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, i);
  }
}
