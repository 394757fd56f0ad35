package dev.andante.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.ObjectStores;
import dev.andante.blockformat.backend.StorageConfig;
import dev.andante.blockformat.blocklist.Blocklist;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.trace.Trace;
import dev.andante.compactor.Compactor;
import dev.andante.deploy.Andante;
import dev.andante.deploy.config.AndanteConfig;
import dev.andante.deploy.config.ConfigLoader;
import dev.andante.deploy.config.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clustered compactors (two members in one JVM, target compactor) over one tenant's many small
 * blocks in many compaction windows: they share the jobs, and no block is merged twice — the live
 * blocks hold every span and trace exactly once.
 */
class ClusterCompactionTest {
  private static final TenantId TENANT = new TenantId("acme");

  @TempDir Path dir;
  private final List<Andante> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(Andante::close);
  }

  @Test
  void twoCompactorsShareTheJobsAndMergeEachBlockOnce() throws Exception {
    List<Integer> ports = FreePorts.pick(2);
    for (int i = 0; i < 2; i++) {
      nodes.add(Andante.start(config(ports, i)));
    }
    await("both compactors in both views")
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> nodes.stream().allMatch(n -> n.cluster().orElseThrow().membership().snapshot().members().size() == 2));

    // Written once both run, so that neither has compacted alone before the other joined.
    StorageConfig storage = nodes.get(0).config().storage();
    long spans = 0;
    Set<Long> windows = new HashSet<>();
    try (Backend backend = new Backend(ObjectStores.open(storage))) {
      TestTraces traces = new TestTraces(21);
      for (int i = 0; i < 48; i++) {
        List<Trace> block = traces.sorted(2, 3);
        spans += block.stream().mapToLong(Trace::spanCount).sum();
        BlockMeta meta = write(backend, block, dir.resolve("staging"));
        windows.add(meta.endTime().getEpochSecond() / 600);
      }
    }
    long written = spans;
    try (Backend backend = new Backend(ObjectStores.open(storage))) {
      await("compaction down to about one block per window")
          .atMost(90, TimeUnit.SECONDS)
          .pollInterval(500, TimeUnit.MILLISECONDS)
          .until(() -> live(backend).size() <= windows.size());
      List<BlockMeta> live = live(backend);
      assertThat(live.stream().mapToLong(BlockMeta::spans).sum()).as("every span once in the live blocks").isEqualTo(written);
      assertThat(live.stream().mapToLong(BlockMeta::totalObjects).sum()).as("every trace once").isEqualTo(96);
    }
    Compactor a = nodes.get(0).compactor().orElseThrow();
    Compactor b = nodes.get(1).compactor().orElseThrow();
    assertThat(a.stats().jobs()).as("jobs run by the first compactor").isPositive();
    assertThat(b.stats().jobs()).as("jobs run by the second compactor").isPositive();
    assertThat(a.stats().failedJobs() + b.stats().failedJobs()).isZero();
  }

  private static List<BlockMeta> live(Backend backend) {
    Blocklist blocklist = new Blocklist(backend);
    blocklist.poll();
    return blocklist.metas(TENANT);
  }

  private static BlockMeta write(Backend backend, List<Trace> traces, Path staging) {
    try (BlockBuilder builder =
        Encodings.current().newBlock(backend, TENANT, UUID.randomUUID(), 0, traces.size(), BlockConfig.DEFAULT, staging)) {
      traces.forEach(builder::add);
      return builder.complete();
    }
  }

  private AndanteConfig config(List<Integer> ports, int i) {
    String yaml =
        "target: compactor\n"
            + FreePorts.memberlist(ports, i)
            + """
        storage:
          trace:
            blocklist_poll: 1s
        compactor:
          compaction:
            compaction_cycle: 1s
            compaction_window: 10m
            block_retention: 100000h
        """;
    AndanteConfig c = ConfigLoader.plain().parse(yaml, "compactor" + i);
    assertThat(c.target()).isEqualTo(Target.COMPACTOR);
    return c.withStorage(c.storage().withLocalPath(dir.resolve("blocks")).withWalPath(dir.resolve("wal" + i)));
  }
}
