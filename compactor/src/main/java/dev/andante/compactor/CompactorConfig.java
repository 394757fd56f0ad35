package dev.andante.compactor;

import java.time.Duration;

/**
 * The compactor's settings ({@code compactor.compaction.*}).
 *
 * @param blockRetention blocks whose end time is older than this are deleted
 * @param compactedBlockRetention replaced blocks are deleted this long after being marked compacted
 * @param compactionWindow blocks are grouped by windows of their end time of this length
 * @param compactionCycle how often compaction runs
 * @param maxCompactionObjects most traces in one compacted block
 * @param maxBlockBytes largest compacted block
 * @param maxInputBlocks most blocks merged in one job
 */
public record CompactorConfig(
    Duration blockRetention,
    Duration compactedBlockRetention,
    Duration compactionWindow,
    Duration compactionCycle,
    long maxCompactionObjects,
    long maxBlockBytes,
    int maxInputBlocks) {
  public static final Duration DEFAULT_BLOCK_RETENTION = Duration.ofHours(336);
  public static final Duration DEFAULT_COMPACTED_BLOCK_RETENTION = Duration.ofHours(1);
  public static final Duration DEFAULT_COMPACTION_WINDOW = Duration.ofHours(1);
  public static final Duration DEFAULT_COMPACTION_CYCLE = Duration.ofSeconds(30);
  public static final long DEFAULT_MAX_COMPACTION_OBJECTS = 6_000_000;
  public static final long DEFAULT_MAX_BLOCK_BYTES = 100L * 1024 * 1024 * 1024;
  public static final int DEFAULT_MAX_INPUT_BLOCKS = 4;

  public static final CompactorConfig DEFAULT =
      new CompactorConfig(
          DEFAULT_BLOCK_RETENTION,
          DEFAULT_COMPACTED_BLOCK_RETENTION,
          DEFAULT_COMPACTION_WINDOW,
          DEFAULT_COMPACTION_CYCLE,
          DEFAULT_MAX_COMPACTION_OBJECTS,
          DEFAULT_MAX_BLOCK_BYTES,
          DEFAULT_MAX_INPUT_BLOCKS);
}
