package dev.andante.blockformat.blocklist;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.BlockCache;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.Encodings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Keeps the {@link BlockReader}s of recently read blocks, so that what a reader caches (bloom shards,
 * index, Parquet footer) is reused across lookups. Bounded: past {@code maxReaders} the least recently
 * used reader is dropped. Thread safe.
 */
public final class BlockReaderCache {
  public static final int DEFAULT_MAX_READERS = 512;
  /** Readers that keep their state in a {@link BlockCache} hold ~100 bytes each: keep plenty. */
  public static final int DEFAULT_MAX_SHARED_CACHE_READERS = 100_000;

  private final int maxReaders;
  private final Function<BlockMeta, BlockReader> opener;
  private final LinkedHashMap<Key, BlockReader> readers;
  private long opened;

  /**
   * @param maxReaders how many readers to keep, at least 1
   * @param opener opens a reader for a meta, e.g. {@code meta ->
   *     Encodings.forVersion(meta.version()).open(backend, meta)}; called under the cache's lock, so
   *     it must be cheap (opening reads nothing)
   */
  public BlockReaderCache(int maxReaders, Function<BlockMeta, BlockReader> opener) {
    if (maxReaders < 1) {
      throw new IllegalArgumentException("maxReaders must be at least 1, got " + maxReaders);
    }
    if (opener == null) {
      throw new IllegalArgumentException("opener must not be null");
    }
    this.maxReaders = maxReaders;
    this.opener = opener;
    this.readers = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, BlockReader> eldest) {
        return size() > BlockReaderCache.this.maxReaders;
      }
    };
  }

  /** A cache that opens readers with the encoding each block's meta names. */
  public static BlockReaderCache forBackend(Backend backend, int maxReaders) {
    if (backend == null) {
      throw new IllegalArgumentException("backend must not be null");
    }
    return new BlockReaderCache(maxReaders, meta -> Encodings.open(backend, meta));
  }

  /**
   * A cache of readers that keep what they load (fingerprints, bloom shards, footers) in {@code
   * blocks}, which bounds it by bytes: what a querier uses, so that memory is bounded however many
   * blocks there are, and a dropped reader loses nothing.
   */
  public static BlockReaderCache forBackend(Backend backend, int maxReaders, BlockCache blocks) {
    if (backend == null) {
      throw new IllegalArgumentException("backend must not be null");
    }
    if (blocks == null) {
      throw new IllegalArgumentException("blocks must not be null");
    }
    return new BlockReaderCache(maxReaders, meta -> Encodings.open(backend, meta, blocks));
  }

  /** The cached reader of the block, opened on first use. */
  public synchronized BlockReader reader(BlockMeta meta) {
    if (meta == null) {
      throw new IllegalArgumentException("meta must not be null");
    }
    Key key = new Key(meta.tenant(), meta.blockId());
    BlockReader reader = readers.get(key);
    if (reader == null) {
      reader = opener.apply(meta);
      readers.put(key, reader);
      opened++;
    }
    return reader;
  }

  /** Forgets the reader of a block, e.g. one that was compacted away. */
  public synchronized void evict(TenantId tenant, UUID blockId) {
    readers.remove(new Key(tenant, blockId));
  }

  public synchronized int size() {
    return readers.size();
  }

  /** Readers opened since creation, including ones since evicted. */
  public synchronized long opened() {
    return opened;
  }

  private record Key(TenantId tenant, UUID blockId) {}
}
