package dev.andante.compactor.planning;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.BlockMeta;
import java.time.Instant;
import java.util.List;

/**
 * Blocks of one tenant to merge into one, all with end times in one compaction window.
 *
 * @param tenant owner of the blocks
 * @param window start of the compaction window the inputs' end times fall in
 * @param level compaction level of the inputs when they were grouped by level, or -1 when mixed
 * @param inputs two or more live blocks
 */
public record CompactionJob(TenantId tenant, Instant window, int level, List<BlockMeta> inputs) {
  public CompactionJob {
    if (tenant == null || window == null || inputs == null) {
      throw new IllegalArgumentException("tenant, window and inputs must not be null");
    }
    if (inputs.size() < 2) {
      throw new IllegalArgumentException("a compaction job needs at least 2 inputs, got " + inputs.size());
    }
    inputs = List.copyOf(inputs);
    for (BlockMeta input : inputs) {
      if (!input.tenantId().equals(tenant.value())) {
        throw new IllegalArgumentException(
            "a compaction job's inputs must be blocks of tenant " + tenant + ", block " + input.blockId() + " is of " + input.tenantId());
      }
    }
  }

  /** The job's ownership key for {@code tenant}, {@code level} and {@code window}. */
  public static String key(TenantId tenant, int level, Instant window) {
    return tenant.value() + "-" + level + "-" + window.getEpochSecond();
  }

  /**
   * The job's ownership key, {@code <tenant>-<level>-<window>}: the compactor whose ring token
   * this hashes to runs it.
   */
  public String key() {
    return key(tenant, level, window);
  }

  public long totalSpans() {
    return inputs.stream().mapToLong(BlockMeta::spans).sum();
  }

  /** Level of the block the job writes: one above its highest input. */
  public int outputLevel() {
    return inputs.stream().mapToInt(BlockMeta::compactionLevel).max().orElse(0) + 1;
  }

  public long totalObjects() {
    return inputs.stream().mapToLong(BlockMeta::totalObjects).sum();
  }

  public long totalBytes() {
    return inputs.stream().mapToLong(BlockMeta::size).sum();
  }
}
