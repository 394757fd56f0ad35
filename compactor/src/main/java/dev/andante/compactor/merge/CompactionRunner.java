package dev.andante.compactor.merge;

import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.compactor.planning.CompactionJob;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a compaction job so that a crash at any moment loses no trace and, once readers combine
 * what they find, doubles no span:
 *
 * <ol>
 *   <li>write the {@link CompactionRecord} in the output's folder (the output is invisible: no
 *       meta.json yet);
 *   <li>merge the inputs into the output, whose meta.json comes last and makes it visible;
 *   <li>mark each input compacted (meta.compacted.json), so queriers stop reading it at their
 *       next poll; until then they read both, and {@code TraceCombiner} drops the repeated spans;
 *   <li>delete the record: the job is done.
 * </ol>
 *
 * A crash before step 2 ends leaves an invisible partial block, deleted by {@link InterruptedJobs};
 * the inputs stay live and the job is planned again. A crash after it leaves a record whose
 * inputs {@link InterruptedJobs} marks compacted. Not thread safe per job; jobs of one tenant must
 * not run at once.
 */
public final class CompactionRunner {
  private static final Logger LOG = LoggerFactory.getLogger(CompactionRunner.class);

  private final Backend backend;
  private final BlockMerger merger;
  private final CompactionRecords records;
  private final Clock clock;

  public CompactionRunner(Backend backend, BlockMerger merger, Clock clock) {
    if (backend == null || merger == null || clock == null) {
      throw new IllegalArgumentException("backend, merger and clock must not be null");
    }
    this.backend = backend;
    this.merger = merger;
    this.records = new CompactionRecords(backend.store());
    this.clock = clock;
  }

  /** Runs the job: the output is visible and every input marked compacted when this returns. */
  public BlockMerger.Result run(CompactionJob job) {
    if (job == null) {
      throw new IllegalArgumentException("job must not be null");
    }
    UUID outputId = UUID.randomUUID();
    records.write(job.tenant(), outputId,
        new CompactionRecord(job.key(), job.inputs().stream().map(BlockMeta::blockId).toList(), clock.instant()));
    BlockMerger.Result result;
    try {
      result = merger.merge(job, outputId);
    } catch (RuntimeException e) {
      try {
        backend.deleteBlock(job.tenant(), outputId);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    Instant compactedAt = clock.instant();
    for (BlockMeta input : job.inputs()) {
      backend.markCompacted(input, compactedAt);
    }
    records.delete(job.tenant(), outputId);
    BlockMeta out = result.output();
    LOG.info("Compacted {} blocks of tenant {} (job {}, {} spans, {} bytes) into block {} at level {}: {} traces, {} spans, {} bytes in {} ms",
        job.inputs().size(), job.tenant(), job.key(), result.spansRead(), result.bytesRead(), out.blockId(),
        out.compactionLevel(), out.totalObjects(), out.spans(), out.size(), result.nanos() / 1_000_000);
    return result;
  }
}
