package dev.andante.blockformat.blocklist;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds live blocks by listing every key under {@code <tenant>/} once: a block is live when its
 * folder holds meta.json and no meta.compacted.json. Only metas not already known are read, so a
 * poll of a tenant with 1,000 unchanged blocks is one (paginated) listing and no reads.
 */
public final class ListingBlocklistSource implements BlocklistSource {
  private static final Logger LOG = LoggerFactory.getLogger(ListingBlocklistSource.class);

  private final Backend backend;

  public ListingBlocklistSource(Backend backend) {
    if (backend == null) {
      throw new IllegalArgumentException("backend must not be null");
    }
    this.backend = backend;
  }

  @Override
  public List<TenantId> tenants() {
    return backend.tenants();
  }

  @Override
  public TenantBlocks live(TenantId tenant, Map<UUID, BlockMeta> known) {
    Set<UUID> withMeta = new HashSet<>();
    Set<UUID> compacted = new HashSet<>();
    String prefix = tenant.value() + "/";
    for (String key : backend.store().list(prefix)) {
      String[] parts = key.substring(prefix.length()).split("/", -1);
      if (parts.length != 2) {
        continue;
      }
      Optional<UUID> blockId = parseBlockId(parts[0]);
      if (blockId.isEmpty()) {
        continue;
      }
      if (parts[1].equals(BlockKeys.META)) {
        withMeta.add(blockId.get());
      } else if (parts[1].equals(BlockKeys.COMPACTED_META)) {
        compacted.add(blockId.get());
      }
    }
    withMeta.removeAll(compacted);

    List<BlockMeta> metas = new ArrayList<>(withMeta.size());
    int read = 0;
    int failures = 0;
    for (UUID blockId : withMeta) {
      BlockMeta meta = known.get(blockId);
      if (meta == null) {
        try {
          read++;
          // Empty when the block was compacted or deleted since the listing.
          meta = backend.blockMeta(tenant, blockId).orElse(null);
        } catch (BackendException e) {
          failures++;
          LOG.warn("Cannot read block meta: {} (tenant {}, block {})", e.getMessage(), tenant, blockId);
        }
      }
      if (meta != null) {
        metas.add(meta);
      }
    }
    return new TenantBlocks(metas, read, failures);
  }

  private static Optional<UUID> parseBlockId(String name) {
    try {
      return Optional.of(UUID.fromString(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
