package dev.andante.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.andante.blockformat.backend.StorageConfig;
import dev.andante.deploy.Andante;
import dev.andante.deploy.config.AndanteConfig;
import dev.andante.deploy.config.ConfigLoader;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compactor role inside a running Andante: blocks flushed one after another are merged into
 * one, the inputs are marked compacted, and every trace still comes back whole through the API.
 */
class AndanteCompactionTest {
  @TempDir Path dir;
  private Andante andante;

  @AfterEach
  void stop() {
    if (andante != null) {
      andante.close();
    }
  }

  private AndanteConfig config() {
    String yaml =
        LoopbackPorts.YAML
            + """
        ingester:
          trace_idle_period: 500ms
          max_block_duration: 1s
          complete_block_timeout: 1s
          flush_check_period: 100ms
        storage:
          trace:
            blocklist_poll: 1s
        compactor:
          compaction:
            compaction_cycle: 1s
        """;
    AndanteConfig c = ConfigLoader.plain().parse(yaml, "test");
    StorageConfig storage = c.storage().withLocalPath(dir.resolve("blocks")).withWalPath(dir.resolve("wal"));
    return c.withStorage(storage);
  }

  @Test
  void flushedBlocksAreCompactedAndTracesStayWhole() throws Exception {
    andante = Andante.start(config());
    TraceFixture fixture = new TraceFixture();
    List<String> ids = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      int before = count("meta.json") + count("meta.compacted.json");
      ids.addAll(fixture.send(
          OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + andante.otlpGrpcPort()).build(), 2, "round" + round));
      await("block of round " + round).atMost(Duration.ofSeconds(30))
          .until(() -> count("meta.json") + count("meta.compacted.json") > before);
    }

    await("the blocks merged into one").atMost(Duration.ofSeconds(60))
        .until(() -> count("meta.json") == 1 && count("meta.compacted.json") >= 2);
    assertThat(count("index.json.gz")).as("tenant index written by the compactor").isEqualTo(1);

    TraceApi api = new TraceApi(andante.httpPort());
    // Whichever block list the querier holds now (inputs, still readable until deleted, or the
    // output), every trace is whole and no span is doubled.
    for (String id : ids) {
      assertThat(CanonicalSpans.of(api.v2Json(id)))
          .as("trace %s after compaction", id)
          .isEqualTo(CanonicalSpans.of(fixture.sent(id)));
    }
  }

  private int count(String name) throws IOException {
    Path blocks = dir.resolve("blocks");
    if (!Files.exists(blocks)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(blocks)) {
      return (int) files.filter(p -> p.getFileName().toString().equals(name)).count();
    }
  }
}
