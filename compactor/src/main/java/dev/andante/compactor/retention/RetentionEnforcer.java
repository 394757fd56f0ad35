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
 * Enforces retention for one tenant: a live block whose end time is older than the tenant's
 * retention is marked compacted (queriers stop reading it at once), and a compacted block is
 * deleted once it has been compacted for longer than the compacted-block retention (queriers
 * holding an older block list meanwhile read it as "not here"). Thread safe.
 */
public final class RetentionEnforcer {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionEnforcer.class);

  private final Backend backend;
  private final Clock clock;
  private final Duration compactedBlockRetention;

  public RetentionEnforcer(Backend backend, Clock clock, Duration compactedBlockRetention) {
    this.backend = backend;
    this.clock = clock;
    this.compactedBlockRetention = compactedBlockRetention;
  }

  /** What one pass did. */
  public record Result(int expired, int deleted) {}

  public Result apply(TenantId tenant, List<BlockMeta> live, List<CompactedBlockMeta> compacted, Duration retention) {
    Instant now = clock.instant();
    Instant liveCutoff = now.minus(retention);
    int expired = 0;
    for (BlockMeta meta : live) {
      if (meta.endTime().isBefore(liveCutoff)) {
        backend.markCompacted(meta, now);
        expired++;
        LOG.info("Block {} of tenant {} ended at {}, past retention {}: marked for deletion",
            meta.blockId(), tenant, meta.endTime(), retention);
      }
    }
    Instant compactedCutoff = now.minus(compactedBlockRetention);
    int deleted = 0;
    for (CompactedBlockMeta c : compacted) {
      if (c.compactedTime().isBefore(compactedCutoff)) {
        backend.deleteBlock(tenant, c.meta().blockId());
        deleted++;
        LOG.info("Deleted block {} of tenant {}, compacted at {}", c.meta().blockId(), tenant, c.compactedTime());
      }
    }
    return new Result(expired, deleted);
  }
}
