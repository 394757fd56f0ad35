package dev.andante.blockformat.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.CountingObjectStore;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class BlocklistTest {
  private static final TenantId ACME = new TenantId("acme");
  private static final TenantId GLOBEX = new TenantId("globex");
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

  private final CountingObjectStore store = new CountingObjectStore(new MemoryObjectStore());
  private final Backend backend = new Backend(store);
  private final Blocklist blocklist = new Blocklist(backend);

  static BlockMeta meta(TenantId tenant, int minute) {
    return new BlockMeta(
        "v1", UUID.randomUUID(), tenant.value(), "00000000000000000000000000000001",
        "ffffffffffffffffffffffffffffffff", T0.plusSeconds(60L * minute), T0.plusSeconds(60L * minute + 59),
        10, 100, 4096, 0, 1, 1, 4000);
  }

  private BlockMeta written(TenantId tenant, int minute) {
    BlockMeta meta = meta(tenant, minute);
    store.write(BlockKeys.key(tenant, meta.blockId(), BlockKeys.DATA), new byte[] {1, 2, 3});
    backend.writeBlockMeta(meta);
    return meta;
  }

  @Test
  void pollFindsLiveBlocksOfEveryTenantOldestFirst() {
    BlockMeta late = written(ACME, 5);
    BlockMeta early = written(ACME, 1);
    BlockMeta other = written(GLOBEX, 0);

    Blocklist.PollResult result = blocklist.poll();

    assertThat(blocklist.metas(ACME)).containsExactly(early, late);
    assertThat(blocklist.metas(GLOBEX)).containsExactly(other);
    assertThat(blocklist.metas(new TenantId("nobody"))).isEmpty();
    assertThat(blocklist.tenants()).containsExactlyInAnyOrder(ACME, GLOBEX);
    assertThat(result).isEqualTo(new Blocklist.PollResult(2, 3, 3, 0, 0));
    assertThat(blocklist.size()).isEqualTo(3);
  }

  @Test
  void skipsBlocksWithoutMetaAndCompactedBlocks() {
    BlockMeta live = written(ACME, 0);
    BlockMeta compacted = written(ACME, 1);
    backend.markCompacted(compacted, T0.plusSeconds(3600));
    UUID beingWritten = UUID.randomUUID();
    store.write(BlockKeys.key(ACME, beingWritten, BlockKeys.DATA), new byte[] {1});
    // Both metas present, as for a moment inside markCompacted: the compacted one wins.
    BlockMeta halfCompacted = written(ACME, 2);
    store.write(BlockKeys.key(ACME, halfCompacted.blockId(), BlockKeys.COMPACTED_META), "{}".getBytes(StandardCharsets.UTF_8));

    blocklist.poll();

    assertThat(blocklist.metas(ACME)).containsExactly(live);
  }

  @Test
  void secondPollListsOncePerTenantAndReadsOnlyNewMetas() {
    for (int i = 0; i < 1000; i++) {
      written(ACME, i);
    }
    blocklist.poll();
    BlockMeta added = written(ACME, 2000);
    store.reset();

    Blocklist.PollResult result = blocklist.poll();

    assertThat(store.reads()).isEqualTo(1);
    assertThat(store.lists()).isEqualTo(2); // the tenants, then the one tenant
    assertThat(result.metasRead()).isEqualTo(1);
    assertThat(result.blocks()).isEqualTo(1001);
    assertThat(blocklist.metas(ACME)).hasSize(1001).endsWith(added);
  }

  @Test
  void dropsBlocksThatWereCompactedOrDeletedAndTenantsThatVanished() {
    BlockMeta kept = written(ACME, 0);
    BlockMeta compacted = written(ACME, 1);
    BlockMeta deleted = written(ACME, 2);
    BlockMeta lastOfTenant = written(GLOBEX, 0);
    blocklist.poll();

    backend.markCompacted(compacted, T0);
    backend.deleteBlock(ACME, deleted.blockId());
    backend.deleteBlock(GLOBEX, lastOfTenant.blockId());
    Blocklist.PollResult result = blocklist.poll();

    assertThat(blocklist.metas(ACME)).containsExactly(kept);
    assertThat(blocklist.metas(GLOBEX)).isEmpty();
    assertThat(blocklist.tenants()).containsExactly(ACME);
    assertThat(result.dropped()).isEqualTo(3);
  }

  @Test
  void addedBlockIsVisibleAtOnceAndKeptByThePollThatFindsIt() {
    BlockMeta flushed = written(ACME, 0);

    blocklist.add(flushed);
    assertThat(blocklist.metas(ACME)).containsExactly(flushed);

    store.reset();
    blocklist.poll();
    assertThat(blocklist.metas(ACME)).containsExactly(flushed);
    assertThat(store.reads()).isZero(); // known: not read again
  }

  @Test
  void blockAddedWhileAPollListsSurvivesThatPoll() {
    BlockMeta flushed = meta(ACME, 0); // not on the bucket (yet) when the listing runs
    AtomicBoolean once = new AtomicBoolean();
    BlocklistSource listing = new ListingBlocklistSource(backend);
    Blocklist[] racing = new Blocklist[1];
    racing[0] = new Blocklist(new BlocklistSource() {
      @Override
      public List<TenantId> tenants() {
        return List.of(ACME);
      }

      @Override
      public TenantBlocks live(TenantId tenant, Map<UUID, BlockMeta> known) {
        TenantBlocks result = listing.live(tenant, known);
        if (once.compareAndSet(false, true)) {
          racing[0].add(flushed);
        }
        return result;
      }
    });

    racing[0].poll();
    assertThat(racing[0].metas(ACME)).containsExactly(flushed);

    racing[0].poll(); // now the add is older than the listing, and the block is not on the bucket
    assertThat(racing[0].metas(ACME)).isEmpty();
  }

  @Test
  void tenantThatCannotBeListedKeepsItsBlocks() {
    BlockMeta acme = written(ACME, 0);
    BlockMeta globex = written(GLOBEX, 0);
    blocklist.poll();
    AtomicBoolean failing = new AtomicBoolean(true);
    BlocklistSource listing = new ListingBlocklistSource(backend);
    Blocklist flaky = new Blocklist(new BlocklistSource() {
      @Override
      public List<TenantId> tenants() {
        return listing.tenants();
      }

      @Override
      public TenantBlocks live(TenantId tenant, Map<UUID, BlockMeta> known) {
        if (tenant.equals(ACME) && failing.get()) {
          throw new BackendException("Cannot list acme/: connection reset");
        }
        return listing.live(tenant, known);
      }
    });
    failing.set(false);
    flaky.poll();
    failing.set(true);

    Blocklist.PollResult result = flaky.poll();

    assertThat(result.failures()).isEqualTo(1);
    assertThat(result.blocks()).isEqualTo(2);
    assertThat(flaky.metas(ACME)).containsExactly(acme);
    assertThat(flaky.metas(GLOBEX)).containsExactly(globex);
  }

  @Test
  void unreadableMetaIsSkippedAndCounted() {
    BlockMeta good = written(ACME, 0);
    UUID broken = UUID.randomUUID();
    store.write(BlockKeys.key(ACME, broken, BlockKeys.META), "{not json".getBytes(StandardCharsets.UTF_8));

    Blocklist.PollResult result = blocklist.poll();

    assertThat(blocklist.metas(ACME)).containsExactly(good);
    assertThat(result.failures()).isEqualTo(1);
  }

  @Test
  void readersSeeConsistentSnapshotsWhilePollsAndAddsRun() throws Exception {
    for (int i = 0; i < 50; i++) {
      written(ACME, i);
    }
    List<Throwable> errors = new ArrayList<>();
    Thread poller = new Thread(() -> {
      try {
        for (int i = 0; i < 50; i++) {
          blocklist.poll();
          blocklist.add(written(ACME, 100 + i));
        }
      } catch (Throwable t) {
        synchronized (errors) {
          errors.add(t);
        }
      }
    });
    poller.start();
    while (poller.isAlive()) {
      List<BlockMeta> metas = blocklist.metas(ACME);
      assertThat(metas).doesNotContainNull().doesNotHaveDuplicates();
    }
    poller.join();
    blocklist.poll();

    assertThat(errors).isEmpty();
    assertThat(blocklist.metas(ACME)).hasSize(100);
  }
}
