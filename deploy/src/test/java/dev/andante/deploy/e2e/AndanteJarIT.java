package dev.andante.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code andante.jar}, started as operators start it: a child process with a config
 * file. Traces sent to it survive SIGTERM (the shutdown hook flushes them to a block) and a
 * restart. Runs in {@code verify} (failsafe), after {@code package} has built the jar.
 */
class AndanteJarIT {
  @TempDir Path dir;

  @Test
  void tracesSurviveSigtermAndRestart() throws Exception {
    Path jar = Path.of(System.getProperty("andante.jar", "target/andante.jar"));
    assertThat(jar).as("the shaded jar built by mvn package").exists();
    Path config = dir.resolve("andante.yaml");
    // Traces stay in memory until SIGTERM: nothing is idle or due before it.
    Files.writeString(
        config,
        LoopbackPorts.YAML
            + """
        ingester: {trace_idle_period: 10m, max_block_duration: 30m}
        storage:
          trace:
            backend: local
            local: {path: ${BLOCKS}}
            wal: {path: ./wal}
            blocklist_poll: 1s
        """
            .replace("${BLOCKS}", dir.resolve("blocks").toString()));

    TraceFixture fixture = new TraceFixture();
    List<String> ids = new ArrayList<>();
    try (ChildProcess first = ChildProcess.start(jar, dir, "first.log", "-config.file=" + config)) {
      ChildProcess.Ports ports = first.awaitReady();
      ids.addAll(
          fixture.send(
              OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + ports.otlpGrpc()).setTimeout(Duration.ofSeconds(10)).build(),
              3,
              "grpc"));
      ids.addAll(
          fixture.send(
              OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + ports.otlpHttp() + "/v1/traces").setTimeout(Duration.ofSeconds(10)).build(),
              3,
              "http"));
      TraceApi api = new TraceApi(ports.http());
      for (String id : ids) {
        assertThat(CanonicalSpans.of(api.v1Json(id))).isEqualTo(CanonicalSpans.of(fixture.sent(id)));
      }
      assertThat(blockMetas()).as("no block before SIGTERM").isEmpty();

      int status = first.terminate();
      assertThat(first.output())
          .as("output after SIGTERM (exit status %d)", status)
          .contains("Shutting down")
          .contains("Flushed the ingester's traces")
          .contains("Andante stopped");
    }
    assertThat(blockMetas()).as("blocks flushed on SIGTERM").isNotEmpty();

    try (ChildProcess second = ChildProcess.start(jar, dir, "second.log", "-config.file=" + config)) {
      TraceApi api = new TraceApi(second.awaitReady().http());
      for (String id : ids) {
        assertThat(CanonicalSpans.of(api.v1Json(id))).as("trace %s after restart", id).isEqualTo(CanonicalSpans.of(fixture.sent(id)));
        assertThat(CanonicalSpans.of(api.v2Proto(id))).isEqualTo(CanonicalSpans.of(fixture.sent(id)));
      }
      TraceApi.Answer bad = api.get("/api/traces/not-a-trace-id", null);
      assertThat(bad.status()).isEqualTo(400);
      assertThat(second.isAlive()).isTrue();
      assertThat(second.terminate()).isNotNegative();
    }
  }

  private List<Path> blockMetas() throws IOException {
    Path blocks = dir.resolve("blocks");
    if (!Files.exists(blocks)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(blocks)) {
      return files.filter(p -> p.getFileName().toString().equals("meta.json")).toList();
    }
  }
}
