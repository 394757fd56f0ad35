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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds live blocks by listing every key under {@code <tenant>/} once: a block is live when its
 * folder holds meta.json and no meta.compacted.json. Only metas not already known are read (several
 * at once), so a poll of a tenant with 1,000 unchanged blocks is one (paginated) listing and no reads.
 */
public final class ListingBlocklistSource implements BlocklistSource {
  private static final Logger LOG = LoggerFactory.getLogger(ListingBlocklistSource.class);

  /** How many meta.json objects a poll reads at once, by default. */
  public static final int DEFAULT_META_READ_CONCURRENCY = 16;

  private final Backend backend;
  private final int metaReadConcurrency;

  public ListingBlocklistSource(Backend backend) {
    this(backend, DEFAULT_META_READ_CONCURRENCY);
  }

  /** @param metaReadConcurrency how many new metas to read at once, at least 1 */
  public ListingBlocklistSource(Backend backend, int metaReadConcurrency) {
    if (backend == null) {
      throw new IllegalArgumentException("backend must not be null");
    }
    if (metaReadConcurrency < 1) {
      throw new IllegalArgumentException("metaReadConcurrency must be at least 1, got " + metaReadConcurrency);
    }
    this.backend = backend;
    this.metaReadConcurrency = metaReadConcurrency;
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
    List<UUID> unknown = new ArrayList<>();
    for (UUID blockId : withMeta) {
      BlockMeta meta = known.get(blockId);
      if (meta != null) {
        metas.add(meta);
      } else {
        unknown.add(blockId);
      }
    }
    int failures = 0;
    for (MetaRead read : readMetas(tenant, unknown)) {
      if (read.failed()) {
        failures++;
      } else if (read.meta() != null) { // null when compacted or deleted since the listing
        metas.add(read.meta());
      }
    }
    return new TenantBlocks(metas, unknown.size(), failures);
  }

  /** A meta read: the meta, none (the block went away), or a failure. */
  private record MetaRead(BlockMeta meta, boolean failed) {}

  /** The metas of the blocks, read in parallel. */
  private List<MetaRead> readMetas(TenantId tenant, List<UUID> blockIds) {
    if (blockIds.size() <= 1 || metaReadConcurrency == 1) {
      List<MetaRead> out = new ArrayList<>(blockIds.size());
      blockIds.forEach(id -> out.add(readMeta(tenant, id)));
      return out;
    }
    int threads = Math.min(metaReadConcurrency, blockIds.size());
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "andante-blocklist-meta-read");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<MetaRead>> futures = new ArrayList<>(blockIds.size());
      for (UUID id : blockIds) {
        futures.add(pool.submit(() -> readMeta(tenant, id)));
      }
      List<MetaRead> out = new ArrayList<>(blockIds.size());
      for (Future<MetaRead> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("Cannot poll blocklist: interrupted (tenant " + tenant + ")", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot poll blocklist: " + e.getCause() + " (tenant " + tenant + ")", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private MetaRead readMeta(TenantId tenant, UUID blockId) {
    try {
      return new MetaRead(backend.blockMeta(tenant, blockId).orElse(null), false);
    } catch (BackendException e) {
      LOG.warn("Cannot read block meta: {} (tenant {}, block {})", e.getMessage(), tenant, blockId);
      return new MetaRead(null, true);
    }
  }

  private static Optional<UUID> parseBlockId(String name) {
    try {
      return Optional.of(UUID.fromString(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
