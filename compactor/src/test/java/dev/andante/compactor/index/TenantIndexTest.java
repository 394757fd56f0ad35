package dev.andante.compactor.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.blocklist.Blocklist;
import dev.andante.blockformat.blocklist.ListingBlocklistSource;
import dev.andante.blockformat.blocklist.TenantIndexBlocklistSource;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.compactor.Compactor;
import dev.andante.compactor.CompactorConfig;
import dev.andante.compactor.testing.Blocks;
import dev.andante.compactor.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queriers poll the index the compactor writes, and list the bucket when it is missing or stale. */
class TenantIndexTest {
  private static final TenantId TENANT = new TenantId("acme");
  @TempDir Path staging;

  @Test
  void queriersReadTheIndexAndListWhenItIsMissingOrStale() {
    Backend backend = new Backend(new MemoryObjectStore());
    TestTraces traces = new TestTraces(9);
    for (int i = 0; i < 3; i++) {
      Blocks.write(backend, TENANT, traces.sorted(5, 3), 0, staging);
    }
    MutableClock clock = new MutableClock(TestTraces.BASE_TIME.plus(Duration.ofHours(2)));
    TenantIndexBlocklistSource source =
        new TenantIndexBlocklistSource(backend, new ListingBlocklistSource(backend), Duration.ofMinutes(5), clock);
    Blocklist querier = new Blocklist(source);

    querier.poll();
    assertThat(source.fallbacks()).as("no index yet: listed").isEqualTo(1);
    assertThat(querier.metas(TENANT)).hasSize(3);

    Compactor.builder(backend, CompactorConfig.DEFAULT.withCompactionWindow(Duration.ofHours(24)))
        .clock(clock).stagingDir(staging.resolve("c")).build().runCycle();
    assertThat(backend.store().list(BlockKeys.tenantIndex(TENANT))).hasSize(1);
    BlockMeta output = Blocks.live(backend, TENANT).get(0);

    querier.poll();
    assertThat(source.fromIndex()).isEqualTo(1);
    assertThat(querier.metas(TENANT)).containsExactly(output);

    clock.advance(Duration.ofMinutes(6));
    Blocks.write(backend, TENANT, traces.sorted(5, 3), 0, staging);
    querier.poll();
    assertThat(source.fallbacks()).as("stale index: listed").isEqualTo(2);
    assertThat(querier.metas(TENANT)).hasSize(2);
  }
}
