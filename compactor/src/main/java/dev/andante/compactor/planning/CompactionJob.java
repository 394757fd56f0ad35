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
    if (inputs.size() < 2) {
      throw new IllegalArgumentException("a compaction job needs at least 2 inputs, got " + inputs.size());
    }
    inputs = List.copyOf(inputs);
  }

  /**
   * The job's ownership key, {@code <tenant>-<level>-<window>}: the compactor whose ring token
   * this hashes to runs it.
   */
  public String key() {
    return tenant.value() + "-" + level + "-" + window.getEpochSecond();
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
