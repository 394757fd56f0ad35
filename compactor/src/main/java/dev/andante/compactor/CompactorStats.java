package dev.andante.compactor;

import java.util.concurrent.atomic.AtomicLong;

/** What a {@link Compactor} did since it started, as counters for metrics. Thread safe. */
public final class CompactorStats {
  final AtomicLong cycles = new AtomicLong();
  final AtomicLong failedCycles = new AtomicLong();
  final AtomicLong jobs = new AtomicLong();
  final AtomicLong failedJobs = new AtomicLong();
  final AtomicLong jobsSkipped = new AtomicLong();
  final AtomicLong blocksCompacted = new AtomicLong();
  final AtomicLong blocksWritten = new AtomicLong();
  final AtomicLong tracesRead = new AtomicLong();
  final AtomicLong tracesWritten = new AtomicLong();
  final AtomicLong spansRead = new AtomicLong();
  final AtomicLong spansWritten = new AtomicLong();
  final AtomicLong bytesRead = new AtomicLong();
  final AtomicLong bytesWritten = new AtomicLong();
  final AtomicLong compactionNanos = new AtomicLong();
  final AtomicLong blocksExpired = new AtomicLong();
  final AtomicLong blocksDeleted = new AtomicLong();
  final AtomicLong interruptedJobsFinished = new AtomicLong();
  final AtomicLong interruptedJobsAbandoned = new AtomicLong();
  final AtomicLong indexesWritten = new AtomicLong();
  final AtomicLong indexFailures = new AtomicLong();

  /** Cycles completed, failed or not. */
  public long cycles() {
    return cycles.get();
  }

  /** Cycles that stopped early on an error (a listing failed, say). */
  public long failedCycles() {
    return failedCycles.get();
  }

  /** Compaction jobs completed. */
  public long jobs() {
    return jobs.get();
  }

  public long failedJobs() {
    return failedJobs.get();
  }

  /** Jobs not run because another compactor held their claim or had already merged an input. */
  public long jobsSkipped() {
    return jobsSkipped.get();
  }

  /** Input blocks replaced by compaction. */
  public long blocksCompacted() {
    return blocksCompacted.get();
  }

  /** Blocks written by compaction. */
  public long blocksWritten() {
    return blocksWritten.get();
  }

  /** Trace rows read from inputs. */
  public long tracesRead() {
    return tracesRead.get();
  }

  public long tracesWritten() {
    return tracesWritten.get();
  }

  public long spansRead() {
    return spansRead.get();
  }

  /** Spans written; fewer than read when inputs held the same span twice. */
  public long spansWritten() {
    return spansWritten.get();
  }

  /** Bytes of input data.parquet merged. */
  public long bytesRead() {
    return bytesRead.get();
  }

  public long bytesWritten() {
    return bytesWritten.get();
  }

  /** Time spent in merges. */
  public long compactionNanos() {
    return compactionNanos.get();
  }

  /** Live blocks past retention, marked compacted. */
  public long blocksExpired() {
    return blocksExpired.get();
  }

  /** Compacted blocks deleted after the compacted-block retention. */
  public long blocksDeleted() {
    return blocksDeleted.get();
  }

  public long interruptedJobsFinished() {
    return interruptedJobsFinished.get();
  }

  public long interruptedJobsAbandoned() {
    return interruptedJobsAbandoned.get();
  }

  public long indexesWritten() {
    return indexesWritten.get();
  }

  public long indexFailures() {
    return indexFailures.get();
  }

  @Override
  public String toString() {
    return "CompactorStats{cycles=" + cycles + ", jobs=" + jobs + ", failedJobs=" + failedJobs
        + ", blocksCompacted=" + blocksCompacted + ", blocksWritten=" + blocksWritten + ", spansRead=" + spansRead
        + ", spansWritten=" + spansWritten + ", blocksExpired=" + blocksExpired + ", blocksDeleted=" + blocksDeleted
        + ", interruptedJobsFinished=" + interruptedJobsFinished + ", interruptedJobsAbandoned=" + interruptedJobsAbandoned + "}";
  }
}
