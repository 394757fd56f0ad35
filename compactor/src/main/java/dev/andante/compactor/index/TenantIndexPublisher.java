package dev.andante.compactor.index;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.CompactedBlockMeta;
import java.time.Instant;
import java.util.List;

/**
 * Publishes what the compactor knows of a tenant's blocks at the end of a cycle, so that queriers
 * read one object instead of listing the bucket. Implementations are thread safe and blocking.
 */
@FunctionalInterface
public interface TenantIndexPublisher {
  /** Publishes nothing. */
  TenantIndexPublisher NONE = (tenant, createdAt, live, compacted) -> {};

  void publish(TenantId tenant, Instant createdAt, List<BlockMeta> live, List<CompactedBlockMeta> compacted);
}
