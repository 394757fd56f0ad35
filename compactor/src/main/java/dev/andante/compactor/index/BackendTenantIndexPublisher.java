package dev.andante.compactor.index;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.CompactedBlockMeta;
import dev.andante.blockformat.backend.TenantIndex;
import java.time.Instant;
import java.util.List;

/** Writes {@code <tenant>/index.json.gz} through {@link Backend#writeTenantIndex}. Thread safe. */
public final class BackendTenantIndexPublisher implements TenantIndexPublisher {
  private final Backend backend;

  public BackendTenantIndexPublisher(Backend backend) {
    if (backend == null) {
      throw new IllegalArgumentException("backend must not be null");
    }
    this.backend = backend;
  }

  @Override
  public void publish(TenantId tenant, Instant createdAt, List<BlockMeta> live, List<CompactedBlockMeta> compacted) {
    backend.writeTenantIndex(tenant, new TenantIndex(createdAt, live, compacted));
  }
}
