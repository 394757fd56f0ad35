package dev.andante.compactor;

import java.time.Duration;

/**
 * The compactor's settings ({@code compactor.compaction.*}), each checked on construction with a
 * message that names its key. {@link #checkAgainst(Duration)} checks what depends on the storage
 * settings.
 *
 * @param blockRetention blocks whose end time is older than this are deleted ({@code
 *     block_retention}); a tenant's overrides may set its own
 * @param compactedBlockRetention replaced blocks are deleted this long after being marked compacted
 *     ({@code compacted_block_retention}); queriers with an older block list read them meanwhile
 * @param compactionWindow blocks are grouped by windows of their end time of this length ({@code
 *     compaction_window})
 * @param compactionCycle how often compaction runs ({@code compaction_cycle})
 * @param maxCompactionObjects most traces in one compacted block ({@code max_compaction_objects})
 * @param maxBlockBytes largest compacted block, in bytes of data.parquet ({@code max_block_bytes})
 * @param maxInputBlocks most blocks merged in one job (not a YAML key; Tempo's is fixed at 4)
 */
public record CompactorConfig(
    Duration blockRetention,
    Duration compactedBlockRetention,
    Duration compactionWindow,
    Duration compactionCycle,
    long maxCompactionObjects,
    long maxBlockBytes,
    int maxInputBlocks) {
  public static final String PREFIX = "compactor.compaction.";
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

  public CompactorConfig {
    checkPositive(blockRetention, "block_retention");
    checkPositive(compactedBlockRetention, "compacted_block_retention");
    checkPositive(compactionWindow, "compaction_window");
    checkPositive(compactionCycle, "compaction_cycle");
    if (compactionWindow.toSeconds() < 1) {
      throw new IllegalArgumentException(PREFIX + "compaction_window must be at least 1s, got " + compactionWindow);
    }
    if (maxCompactionObjects < 1) {
      throw new IllegalArgumentException(PREFIX + "max_compaction_objects must be positive, got " + maxCompactionObjects);
    }
    if (maxBlockBytes < 1) {
      throw new IllegalArgumentException(PREFIX + "max_block_bytes must be positive, got " + maxBlockBytes);
    }
    if (maxInputBlocks < 2) {
      throw new IllegalArgumentException("maxInputBlocks must be at least 2, got " + maxInputBlocks);
    }
  }

  /**
   * Checks the settings against how often block lists are polled ({@code
   * storage.trace.blocklist_poll}). A querier learns that a block was replaced only at its next
   * poll; a block deleted sooner than that makes the querier miss the traces it held (they are in
   * the replacement, which the querier does not know yet). The same holds for retention.
   *
   * @throws IllegalArgumentException naming both keys
   */
  public void checkAgainst(Duration blocklistPoll) {
    if (blocklistPoll == null) {
      throw new IllegalArgumentException("blocklistPoll must not be null");
    }
    if (compactedBlockRetention.compareTo(blocklistPoll) < 0) {
      throw new IllegalArgumentException(
          PREFIX + "compacted_block_retention (" + compactedBlockRetention
              + ") must not be shorter than storage.trace.blocklist_poll (" + blocklistPoll
              + "): queriers would miss traces of blocks deleted before they poll again");
    }
    checkRetention(blockRetention, blocklistPoll, PREFIX + "block_retention");
  }

  /**
   * Checks one retention, e.g. a tenant's override, against the poll interval.
   *
   * @param key the retention's key, named in the message
   */
  public static void checkRetention(Duration retention, Duration blocklistPoll, String key) {
    if (retention.compareTo(blocklistPoll) < 0) {
      throw new IllegalArgumentException(
          key + " (" + retention + ") must not be shorter than storage.trace.blocklist_poll (" + blocklistPoll + ")");
    }
  }

  public CompactorConfig withBlockRetention(Duration d) {
    return new CompactorConfig(d, compactedBlockRetention, compactionWindow, compactionCycle, maxCompactionObjects, maxBlockBytes, maxInputBlocks);
  }

  public CompactorConfig withCompactedBlockRetention(Duration d) {
    return new CompactorConfig(blockRetention, d, compactionWindow, compactionCycle, maxCompactionObjects, maxBlockBytes, maxInputBlocks);
  }

  public CompactorConfig withCompactionWindow(Duration d) {
    return new CompactorConfig(blockRetention, compactedBlockRetention, d, compactionCycle, maxCompactionObjects, maxBlockBytes, maxInputBlocks);
  }

  public CompactorConfig withMaxCompactionObjects(long n) {
    return new CompactorConfig(blockRetention, compactedBlockRetention, compactionWindow, compactionCycle, n, maxBlockBytes, maxInputBlocks);
  }

  public CompactorConfig withMaxBlockBytes(long n) {
    return new CompactorConfig(blockRetention, compactedBlockRetention, compactionWindow, compactionCycle, maxCompactionObjects, n, maxInputBlocks);
  }

  public CompactorConfig withCompactionCycle(Duration d) {
    return new CompactorConfig(blockRetention, compactedBlockRetention, compactionWindow, d, maxCompactionObjects, maxBlockBytes, maxInputBlocks);
  }

  public CompactorConfig withMaxInputBlocks(int n) {
    return new CompactorConfig(blockRetention, compactedBlockRetention, compactionWindow, compactionCycle, maxCompactionObjects, maxBlockBytes, n);
  }

  private static void checkPositive(Duration d, String key) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(PREFIX + key + " must be positive, got " + d);
    }
  }
}
