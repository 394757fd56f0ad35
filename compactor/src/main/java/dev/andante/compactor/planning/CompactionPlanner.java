package dev.andante.compactor.planning;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.compactor.CompactorConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses which blocks to merge, as Tempo does: blocks are grouped by the compaction window their
 * end time falls in; in recent windows only blocks of the same level are merged, so fresh small
 * blocks combine with each other before they combine with large ones; older windows are merged
 * whatever the level, until each holds few blocks. A job takes up to {@code max_input_blocks}
 * blocks, smallest first, within {@code max_compaction_objects} and {@code max_block_bytes}.
 *
 * <p>Stateless and thread safe.
 */
public final class CompactionPlanner {
  /** Windows that ended less than this ago are compacted level by level. */
  public static final Duration RECENT = Duration.ofHours(24);

  private final CompactorConfig config;
  private final Clock clock;

  public CompactionPlanner(CompactorConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** Jobs for {@code blocks}, the live blocks of {@code tenant}; no block appears in two jobs. */
  public List<CompactionJob> plan(TenantId tenant, List<BlockMeta> blocks) {
    long windowSeconds = config.compactionWindow().getSeconds();
    Instant recentSince = clock.instant().minus(RECENT);
    Map<Long, Map<Integer, List<BlockMeta>>> groups = new TreeMap<>();
    for (BlockMeta meta : blocks) {
      long window = Math.floorDiv(meta.endTime().getEpochSecond(), windowSeconds) * windowSeconds;
      boolean recent = Instant.ofEpochSecond(window + windowSeconds).isAfter(recentSince);
      int level = recent ? meta.compactionLevel() : -1;
      groups.computeIfAbsent(window, w -> new TreeMap<>()).computeIfAbsent(level, l -> new ArrayList<>()).add(meta);
    }
    List<CompactionJob> jobs = new ArrayList<>();
    for (Map.Entry<Long, Map<Integer, List<BlockMeta>>> window : groups.entrySet()) {
      for (Map.Entry<Integer, List<BlockMeta>> level : window.getValue().entrySet()) {
        plan(tenant, Instant.ofEpochSecond(window.getKey()), level.getKey(), level.getValue(), jobs);
      }
    }
    return jobs;
  }

  private void plan(TenantId tenant, Instant window, int level, List<BlockMeta> candidates, List<CompactionJob> jobs) {
    List<BlockMeta> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingLong(BlockMeta::size).thenComparing(m -> m.blockId().toString()));
    List<BlockMeta> current = new ArrayList<>();
    long objects = 0;
    long bytes = 0;
    for (BlockMeta meta : sorted) {
      boolean fits = current.size() < config.maxInputBlocks()
          && objects + meta.totalObjects() <= config.maxCompactionObjects()
          && bytes + meta.size() <= config.maxBlockBytes();
      if (!fits) {
        if (current.size() >= 2) {
          jobs.add(new CompactionJob(tenant, window, level, current));
        }
        current = new ArrayList<>();
        objects = 0;
        bytes = 0;
        if (meta.totalObjects() > config.maxCompactionObjects() || meta.size() > config.maxBlockBytes()) {
          continue; // already as large as a compacted block may be
        }
      }
      current.add(meta);
      objects += meta.totalObjects();
      bytes += meta.size();
    }
    if (current.size() >= 2) {
      jobs.add(new CompactionJob(tenant, window, level, current));
    }
  }
}
