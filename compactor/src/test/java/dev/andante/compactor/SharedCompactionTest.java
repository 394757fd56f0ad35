package dev.andante.compactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.trace.Trace;
import dev.andante.compactor.planning.HashJobOwnership;
import dev.andante.compactor.planning.JobOwnership;
import dev.andante.compactor.testing.Blocks;
import dev.andante.compactor.testing.MutableClock;
import dev.andante.compactor.testing.Shift;
import dev.andante.compactor.testing.SplitTraces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compactors sharing one tenant: jobs split between them, and no block is ever merged twice. */
class SharedCompactionTest {
  private static final TenantId TENANT = new TenantId("acme");
  private static final CompactorConfig CONFIG =
      CompactorConfig.DEFAULT.withCompactionCycle(Duration.ofSeconds(1)).withCompactionWindow(Duration.ofHours(1));

  @TempDir Path staging;
  private Backend backend;
  private MutableClock clock;
  /** Stands in for the cluster's locks: one per job key, shared by both compactors. */
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  @BeforeEach
  void openBackend() {
    backend = new Backend(new MemoryObjectStore());
    clock = new MutableClock(TestTraces.BASE_TIME.plus(Duration.ofHours(2)));
  }

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  private Optional<JobOwnership.Claim> claim(String key) {
    ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
    return lock.tryLock() ? Optional.of(lock::unlock) : Optional.empty();
  }

  private Compactor compactor(String name, JobOwnership ownership) {
    return Compactor.builder(backend, CONFIG)
        .clock(clock)
        .ownership(ownership)
        .stagingDir(staging.resolve(name))
        .build();
  }

  private static long compactFully(Compactor compactor) {
    for (int i = 0; i < 20 && compactor.runCycle().jobs() > 0; i++) {
      // until a cycle has nothing left to do
    }
    return compactor.stats().blocksCompacted();
  }

  @Test
  void twoCompactorsSplitTheJobsAndMergeEachBlockOnce() {
    // 24 blocks in 6 windows of an hour: 6 job keys per level to share.
    SplitTraces split = SplitTraces.generate(11, 600, 5, 24, 0.0);
    List<BlockMeta> written = new ArrayList<>();
    for (int i = 0; i < split.blocks().size(); i++) {
      long shift = -Duration.ofHours(i % 6).toNanos();
      List<Trace> traces = split.blocks().get(i).stream().map(t -> Shift.by(t, shift)).toList();
      written.add(Blocks.write(backend, TENANT, traces, 0, staging));
    }
    List<String> members = List.of("compactor-a", "compactor-b");
    Compactor a = compactor("a", new HashJobOwnership("compactor-a", () -> members, this::claim));
    Compactor b = compactor("b", new HashJobOwnership("compactor-b", () -> members, this::claim));

    CompletableFuture<Long> byA = CompletableFuture.supplyAsync(() -> compactFully(a));
    CompletableFuture<Long> byB = CompletableFuture.supplyAsync(() -> compactFully(b));
    long merged = byA.join() + byB.join();
    // Each compactor runs only its share of the levels; a last pass settles what is left.
    Compactor last = compactor("last", JobOwnership.ALL_MINE);
    merged += compactFully(last);

    assertThat(a.stats().jobs()).as("jobs run by compactor a").isPositive();
    assertThat(b.stats().jobs()).as("jobs run by compactor b").isPositive();
    List<BlockMeta> live = Blocks.live(backend, TENANT);
    assertThat(live.stream().mapToLong(BlockMeta::spans).sum())
        .as("every span exactly once in the live blocks").isEqualTo(split.spans());
    long outputs = a.stats().blocksWritten() + b.stats().blocksWritten() + last.stats().blocksWritten();
    assertThat(merged)
        .as("blocks merged: each block ever written and no longer live, once")
        .isEqualTo(written.size() + outputs - live.size());
  }

  @Test
  void aJobWhoseInputsAnotherCompactorMergedMeanwhileIsSkipped() {
    SplitTraces split = SplitTraces.generate(13, 200, 4, 4, 0.0);
    Blocks.writeAll(backend, TENANT, split, staging);
    Compactor other = compactor("other", JobOwnership.ALL_MINE);
    JobOwnership late = new JobOwnership() {
      @Override
      public boolean owns(String jobKey) {
        return true;
      }

      @Override
      public Optional<Claim> claim(String jobKey) {
        // The other compactor merges everything between this one's poll and its claim.
        compactFully(other);
        return Optional.of(Claim.NONE);
      }
    };
    Compactor slow = compactor("slow", late);

    slow.runCycle();

    assertThat(slow.stats().jobs()).isZero();
    assertThat(slow.stats().jobsSkipped()).isPositive();
    assertThat(other.stats().blocksCompacted()).isEqualTo(4);
    List<BlockMeta> live = Blocks.live(backend, TENANT);
    assertThat(live).hasSize(1);
    assertThat(live.get(0).spans()).isEqualTo(split.spans());
  }

  @Test
  void retentionAndTheTenantIndexAreLeftToTheTenantsOwner() {
    SplitTraces split = SplitTraces.generate(17, 50, 3, 1, 0.0);
    Blocks.writeAll(backend, TENANT, split, staging);
    Compactor notOwner = compactor("n", new JobOwnership() {
      @Override
      public boolean owns(String jobKey) {
        return !jobKey.equals("tenant-acme");
      }
    });

    notOwner.runCycle();

    assertThat(notOwner.stats().indexesWritten()).isZero();
    Compactor owner = compactor("o", JobOwnership.ALL_MINE);
    owner.runCycle();
    assertThat(owner.stats().indexesWritten()).isEqualTo(1);
  }
}
