package dev.andante.compactor.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.compactor.Compactor;
import dev.andante.compactor.CompactorConfig;
import dev.andante.compactor.testing.Blocks;
import dev.andante.compactor.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverridesFileRetentionTest {
  private static final Duration POLL = Duration.ofMinutes(5);
  private static final TenantId A = new TenantId("team-a");
  private static final TenantId B = new TenantId("team-b");
  @TempDir Path dir;

  @Test
  void readsPerTenantRetentionAndSkipsTheIngesterSections() throws IOException {
    Path file = write("""
        overrides:
          team-a:
            ingestion: {rate_limit_bytes: 100}
            compaction: {block_retention: 24h}
          team-b:
            global: {max_bytes_per_trace: 10}
        """);

    OverridesFileRetention overrides = OverridesFileRetention.open(file, POLL);

    assertThat(overrides.blockRetention(A)).contains(Duration.ofHours(24));
    assertThat(overrides.blockRetention(B)).isEmpty();
  }

  @Test
  void refreshPicksUpAChangeAndKeepsThePreviousValuesOnABadFile() throws IOException {
    Path file = write("overrides: {team-a: {compaction: {block_retention: 24h}}}\n");
    OverridesFileRetention overrides = OverridesFileRetention.open(file, POLL);

    write("overrides: {team-a: {compaction: {block_retention: 1h30m}}, team-b: {compaction: {block_retention: 48h}}}\n");
    overrides.refresh();
    assertThat(overrides.blockRetention(A)).contains(Duration.ofMinutes(90));
    assertThat(overrides.blockRetention(B)).contains(Duration.ofHours(48));

    write("overrides: {team-a: {compaction: {block_retention: soon}}}\n");
    overrides.refresh();
    assertThat(overrides.blockRetention(A)).contains(Duration.ofMinutes(90));
  }

  @Test
  void aBadFirstReadNamesTheKey() throws IOException {
    Path bad = write("overrides: {team-a: {compaction: {block_retention: 3 days}}}\n");
    assertThatThrownBy(() -> OverridesFileRetention.open(bad, POLL))
        .hasMessageContaining("overrides.team-a.compaction.block_retention: ").hasMessageContaining("is not a duration");
    Path tooShort = write("overrides: {team-a: {compaction: {block_retention: 1m}}}\n");
    assertThatThrownBy(() -> OverridesFileRetention.open(tooShort, POLL))
        .hasMessageContaining("overrides.team-a.compaction.block_retention (PT1M) must not be shorter than storage.trace.blocklist_poll");
    assertThatThrownBy(() -> OverridesFileRetention.open(dir.resolve("missing.yaml"), POLL))
        .hasMessageContaining("no file");
  }

  @Test
  void theCompactorAppliesARetentionChangedWhileItRuns() throws IOException {
    Path file = write("overrides: {team-a: {compaction: {block_retention: 48h}}}\n");
    Backend backend = new Backend(new MemoryObjectStore());
    BlockMeta a = Blocks.write(backend, A, new TestTraces(1).sorted(3, 2), 0, dir.resolve("staging"));
    BlockMeta b = Blocks.write(backend, B, new TestTraces(2).sorted(3, 2), 0, dir.resolve("staging"));
    MutableClock clock = new MutableClock(a.endTime().plus(Duration.ofHours(30)));
    Compactor compactor = Compactor.builder(backend, CompactorConfig.DEFAULT)
        .clock(clock).stagingDir(dir.resolve("c")).overrides(OverridesFileRetention.open(file, POLL)).build();

    compactor.runCycle();
    assertThat(Blocks.live(backend, A)).containsExactly(a);

    write("overrides: {team-a: {compaction: {block_retention: 24h}}}\n");
    compactor.runCycle();

    assertThat(Blocks.live(backend, A)).isEmpty();
    assertThat(Blocks.live(backend, B)).as("team-b keeps the default of 336h").containsExactly(b);
    assertThat(backend.compactedBlockMeta(A, a.blockId())).map(c -> c.meta().blockId()).isEqualTo(Optional.of(a.blockId()));
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("overrides.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
