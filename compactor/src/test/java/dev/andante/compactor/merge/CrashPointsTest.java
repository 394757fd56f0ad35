package dev.andante.compactor.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.testing.TraceNormalizer;
import dev.andante.blockformat.trace.Trace;
import dev.andante.compactor.Compactor;
import dev.andante.compactor.CompactorConfig;
import dev.andante.compactor.planning.CompactionJob;
import dev.andante.compactor.testing.Blocks;
import dev.andante.compactor.testing.MutableClock;
import dev.andante.compactor.testing.SplitTraces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bucket as a compactor killed at each step of a job leaves it: queriers find every trace
 * whole with no span twice, and the next cycle finishes or redoes the job.
 */
class CrashPointsTest {
  private static final TenantId TENANT = new TenantId("acme");
  private static final CompactorConfig CONFIG = CompactorConfig.DEFAULT.withCompactionWindow(Duration.ofHours(24));

  @TempDir Path staging;
  private final Backend backend = new Backend(new MemoryObjectStore());
  private final MutableClock clock = new MutableClock(TestTraces.BASE_TIME.plus(Duration.ofHours(2)));
  private SplitTraces split;
  private List<BlockMeta> inputs;
  private CompactionJob job;
  private final UUID output = UUID.randomUUID();

  @BeforeEach
  void writeInputs() {
    split = SplitTraces.generate(5, 60, 5, 3, 0.15);
    inputs = Blocks.writeAll(backend, TENANT, split, staging);
    job = new CompactionJob(TENANT, TestTraces.BASE_TIME, 0, inputs);
  }

  @Test
  void killedWhileWritingTheOutput() {
    writeRecord();
    backend.store().write(BlockKeys.key(TENANT, output, BlockKeys.DATA), new byte[] {1, 2, 3});

    assertQueriersSeeEveryTraceOnce();
    Compactor compactor = compactor();
    compactor.runCycle();

    assertThat(compactor.stats().interruptedJobsAbandoned()).isEqualTo(1);
    assertThat(backend.store().list(BlockKeys.blockFolder(TENANT, output))).as("partial output deleted").isEmpty();
    assertThat(compactor.stats().jobs()).as("the job is redone").isEqualTo(1);
    assertCompactedIntoOne();
  }

  @Test
  void killedAfterTheOutputBeforeMarkingInputs() {
    writeRecord();
    new BlockMerger(backend, BlockConfig.DEFAULT, staging).merge(job, output);

    Blocks.Lookup lookup = assertQueriersSeeEveryTraceOnce();
    assertThat(lookup.parts()).as("inputs and output both answer").isGreaterThan(1);
    Compactor compactor = compactor();
    compactor.runCycle();

    assertThat(compactor.stats().interruptedJobsFinished()).isEqualTo(1);
    assertThat(compactor.stats().jobs()).as("nothing merged twice").isZero();
    for (BlockMeta input : inputs) {
      assertThat(backend.compactedBlockMeta(TENANT, input.blockId())).isPresent();
    }
    assertThat(backend.store().list(CompactionRecords.key(TENANT, output))).isEmpty();
    assertCompactedIntoOne();
  }

  @Test
  void killedAfterMarkingSomeInputs() {
    writeRecord();
    new BlockMerger(backend, BlockConfig.DEFAULT, staging).merge(job, output);
    backend.markCompacted(inputs.get(0), clock.instant());

    assertQueriersSeeEveryTraceOnce();
    Compactor compactor = compactor();
    compactor.runCycle();

    assertThat(compactor.stats().interruptedJobsFinished()).isEqualTo(1);
    assertCompactedIntoOne();
  }

  @Test
  void killedInsideMarkCompactedWithBothMetasPresent() {
    writeRecord();
    new BlockMerger(backend, BlockConfig.DEFAULT, staging).merge(job, output);
    BlockMeta half = inputs.get(1);
    backend.store().write(BlockKeys.key(TENANT, half.blockId(), BlockKeys.COMPACTED_META),
        backend.store().read(BlockKeys.key(TENANT, half.blockId(), BlockKeys.META)));

    assertQueriersSeeEveryTraceOnce();
    compactor().runCycle();

    assertCompactedIntoOne();
  }

  private void writeRecord() {
    new CompactionRecords(backend.store()).write(TENANT, output,
        new CompactionRecord(job.key(), inputs.stream().map(BlockMeta::blockId).toList(), clock.instant()));
  }

  private Compactor compactor() {
    return Compactor.builder(backend, CONFIG).clock(clock).stagingDir(staging.resolve("c")).build();
  }

  /** Looks every trace up as a querier polling now would; returns the last lookup. */
  private Blocks.Lookup assertQueriersSeeEveryTraceOnce() {
    List<BlockMeta> live = Blocks.live(backend, TENANT);
    Blocks.Lookup last = null;
    long raw = 0;
    for (Trace expected : split.whole()) {
      last = Blocks.find(backend, live, expected.id());
      Trace found = last.trace().orElseThrow(() -> new AssertionError("missing trace " + expected.id()));
      assertThat(found.spanCount()).as("spans of %s", expected.id()).isEqualTo(expected.spanCount());
      assertThat(TraceNormalizer.normalize(found)).isEqualTo(TraceNormalizer.normalize(expected));
      raw += last.rawSpans();
    }
    assertThat(raw).as("the duplicates are there before combining").isGreaterThan(split.spans());
    return last;
  }

  private void assertCompactedIntoOne() {
    List<BlockMeta> live = Blocks.live(backend, TENANT);
    assertThat(live).hasSize(1);
    assertThat(live.get(0).compactionLevel()).isEqualTo(1);
    assertThat(live.get(0).spans()).isEqualTo(split.spans());
    assertThat(Blocks.rows(backend, live)).hasSize(split.whole().size());
    for (Trace expected : split.whole()) {
      assertThat(TraceNormalizer.normalize(Blocks.find(backend, live, expected.id()).trace().orElseThrow()))
          .isEqualTo(TraceNormalizer.normalize(expected));
    }
  }
}
