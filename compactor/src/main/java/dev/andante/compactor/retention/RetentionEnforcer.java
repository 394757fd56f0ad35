package dev.andante.compactor.retention;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.CompactedBlockMeta;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces retention for one tenant, as Tempo does: a live block whose end time is older than the
 * tenant's retention is marked compacted (queriers stop reading it at their next poll), and a
 * compacted block is deleted once it has been compacted for longer than the compacted-block
 * retention (queriers holding an older block list meanwhile still read it, or read it as "not
 * here" once it is gone). Thread safe.
 */
public final class RetentionEnforcer {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionEnforcer.class);

  private final Backend backend;
  private final Clock clock;
  private final Duration compactedBlockRetention;

  public RetentionEnforcer(Backend backend, Clock clock, Duration compactedBlockRetention) {
    if (backend == null || clock == null || compactedBlockRetention == null) {
      throw new IllegalArgumentException("backend, clock and compactedBlockRetention must not be null");
    }
    this.backend = backend;
    this.clock = clock;
    this.compactedBlockRetention = compactedBlockRetention;
  }

  /**
   * What one pass did.
   *
   * @param expired live blocks past retention, now marked compacted
   * @param deleted compacted blocks past the compacted-block retention, now deleted
   */
  public record Result(int expired, int deleted) {}

  /**
   * Applies {@code retention} to the tenant's live blocks and the compacted-block retention to its
   * compacted ones. Returns the live blocks that are left.
   */
  public Result apply(TenantId tenant, List<BlockMeta> live, List<CompactedBlockMeta> compacted, Duration retention) {
    if (tenant == null || live == null || compacted == null || retention == null) {
      throw new IllegalArgumentException("tenant, live, compacted and retention must not be null");
    }
    Instant now = clock.instant();
    Instant liveCutoff = now.minus(retention);
    int expired = 0;
    for (BlockMeta meta : live) {
      if (meta.endTime().isBefore(liveCutoff)) {
        backend.markCompacted(meta, now);
        expired++;
        LOG.info("Block {} of tenant {} ended at {}, past its retention of {}: marked for deletion",
            meta.blockId(), tenant, meta.endTime(), retention);
      }
    }
    Instant compactedCutoff = now.minus(compactedBlockRetention);
    int deleted = 0;
    for (CompactedBlockMeta c : compacted) {
      if (c.compactedTime().isBefore(compactedCutoff)) {
        backend.deleteBlock(tenant, c.meta().blockId());
        deleted++;
        LOG.debug("Deleted block {} of tenant {}, compacted at {}", c.meta().blockId(), tenant, c.compactedTime());
      }
    }
    return new Result(expired, deleted);
  }

  /** Whether {@code meta} is past {@code retention} now. */
  public boolean expired(BlockMeta meta, Duration retention) {
    return meta.endTime().isBefore(clock.instant().minus(retention));
  }
}
