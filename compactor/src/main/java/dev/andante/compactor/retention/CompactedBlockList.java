package dev.andante.compactor.retention;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.CompactedBlockMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted blocks of a tenant (those with a meta.compacted.json), found by one listing; each
 * compacted meta is read once and remembered, since it does not change until the block is deleted.
 * Thread safe.
 */
public final class CompactedBlockList {
  private static final Logger LOG = LoggerFactory.getLogger(CompactedBlockList.class);

  private final Backend backend;
  private final Map<TenantId, Map<UUID, CompactedBlockMeta>> known = new ConcurrentHashMap<>();

  public CompactedBlockList(Backend backend) {
    if (backend == null) {
      throw new IllegalArgumentException("backend must not be null");
    }
    this.backend = backend;
  }

  /** The tenant's compacted blocks now. A meta that cannot be read is logged and left out. */
  public List<CompactedBlockMeta> list(TenantId tenant) {
    String prefix = tenant.value() + "/";
    Set<UUID> ids = new HashSet<>();
    for (String key : backend.store().list(prefix)) {
      String rest = key.substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash < 0 || !rest.substring(slash + 1).equals(BlockKeys.COMPACTED_META)) {
        continue;
      }
      try {
        ids.add(UUID.fromString(rest.substring(0, slash)));
      } catch (IllegalArgumentException notABlock) {
        // not a block folder
      }
    }
    Map<UUID, CompactedBlockMeta> cache = known.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
    cache.keySet().retainAll(ids);
    List<CompactedBlockMeta> out = new ArrayList<>(ids.size());
    for (UUID id : ids) {
      CompactedBlockMeta meta = cache.get(id);
      if (meta == null) {
        try {
          Optional<CompactedBlockMeta> read = backend.compactedBlockMeta(tenant, id);
          if (read.isEmpty()) {
            continue; // deleted since the listing
          }
          meta = read.get();
          cache.put(id, meta);
        } catch (BackendException e) {
          LOG.warn("Cannot read compacted block meta: {} (tenant {}, block {})", e.getMessage(), tenant, id);
          continue;
        }
      }
      out.add(meta);
    }
    return out;
  }

  /** Forgets a block, e.g. one just deleted. */
  public void forget(TenantId tenant, UUID blockId) {
    Map<UUID, CompactedBlockMeta> cache = known.get(tenant);
    if (cache != null) {
      cache.remove(blockId);
    }
  }
}
