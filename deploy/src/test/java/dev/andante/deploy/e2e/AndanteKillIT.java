package dev.andante.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar killed with SIGKILL, three times over: no shutdown hook runs, nothing is flushed
 * on the way out, yet every trace whose export was acknowledged is returned whole by the real
 * querier after each restart, because it was in the write-ahead log before the acknowledgement.
 */
class AndanteKillIT {
  @TempDir Path dir;

  @Test
  void acknowledgedTracesSurviveSigkill() throws Exception {
    Path jar = Path.of(System.getProperty("andante.jar", "target/andante.jar"));
    assertThat(jar).as("the shaded jar built by mvn package").exists();
    Path config = dir.resolve("andante.yaml");
    // Nothing goes idle or is due before the kill: the acknowledged traces are only in memory and
    // in the write-ahead log.
    Files.writeString(
        config,
        LoopbackPorts.YAML
            + """
        ingester: {trace_idle_period: 10m, max_block_duration: 30m}
        storage:
          trace:
            backend: local
            local: {path: ./blocks}
            wal: {path: ./wal, fsync: always}
            blocklist_poll: 1s
        """);

    TraceFixture fixture = new TraceFixture();
    List<String> acknowledged = new ArrayList<>();
    for (int cycle = 0; cycle < 3; cycle++) {
      try (ChildProcess child = ChildProcess.start(jar, dir, "run-" + cycle + ".log", "-config.file=" + config)) {
        ChildProcess.Ports ports = child.awaitReady();
        assertAllWhole(new TraceApi(ports.http()), fixture, acknowledged, "after restart " + cycle);
        acknowledged.addAll(
            fixture.send(
                OtlpGrpcSpanExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + ports.otlpGrpc())
                    .setTimeout(Duration.ofSeconds(10))
                    .build(),
                4,
                "kill" + cycle));
        child.kill();
        assertThat(child.output()).as("no shutdown hook ran").doesNotContain("Andante stopped");
      }
    }
    try (ChildProcess last = ChildProcess.start(jar, dir, "run-last.log", "-config.file=" + config)) {
      assertAllWhole(new TraceApi(last.awaitReady().http()), fixture, acknowledged, "after the last kill");
      assertThat(last.terminate()).isNotNegative();
    }
    assertThat(acknowledged).hasSize(12);
  }

  private static void assertAllWhole(TraceApi api, TraceFixture fixture, List<String> ids, String when) {
    for (String id : ids) {
      assertThat(CanonicalSpans.of(api.v1Json(id)))
          .as("trace %s %s", id, when)
          .isEqualTo(CanonicalSpans.of(fixture.sent(id)));
    }
  }
}
