package dev.andante.blockformat.encoding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * What block readers load once and keep — fingerprints, bloom shards, Parquet footers — shared by
 * every reader of a process and bounded by an estimate of the heap it holds: past {@code maxBytes}
 * the least recently used objects are dropped, and read again (one GET) when next needed. Blocks are
 * immutable, so nothing here is ever stale.
 *
 * <p>Thread safe. Loads run outside the cache's lock; concurrent loads of one key share one load.
 */
public final class BlockCache {
  /** Default budget ({@code querier.block_cache_bytes}). */
  public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;

  /** One object of one block: {@code name} is the object, or what was derived from it. */
  public record Key(String tenant, UUID blockId, String name) {}

  private record Entry(Object value, long bytes) {}

  private final long maxBytes;
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
  private final ConcurrentHashMap<Key, CompletableFuture<Object>> loading = new ConcurrentHashMap<>();
  private long heldBytes;
  private long hits;
  private long misses;
  private long evictions;

  /** @param maxBytes estimated heap to hold at most, at least 0 (0 keeps nothing) */
  public BlockCache(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** A cache with no bound, for a reader used on its own (tests, the compactor). */
  public static BlockCache unbounded() {
    return new BlockCache(Long.MAX_VALUE);
  }

  /**
   * The value of {@code key}, loaded with {@code load} when not held. An exception from {@code
   * load} is thrown to every caller waiting on that load, and nothing is kept.
   *
   * @param weigh the estimated heap a loaded value holds, in bytes
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Key key, Supplier<T> load, ToLongFunction<T> weigh) {
    synchronized (this) {
      Entry e = entries.get(key);
      if (e != null) {
        hits++;
        return (T) e.value();
      }
      misses++;
    }
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> running = loading.putIfAbsent(key, mine);
    if (running != null) {
      try {
        return (T) running.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    try {
      T value = load.get();
      put(key, value, weigh.applyAsLong(value));
      mine.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      loading.remove(key, mine);
    }
  }

  private synchronized void put(Key key, Object value, long bytes) {
    if (bytes > maxBytes) {
      return;
    }
    Entry old = entries.put(key, new Entry(value, bytes));
    heldBytes += bytes - (old == null ? 0 : old.bytes());
    var it = entries.entrySet().iterator();
    while (heldBytes > maxBytes && it.hasNext()) {
      Map.Entry<Key, Entry> eldest = it.next();
      it.remove();
      heldBytes -= eldest.getValue().bytes();
      evictions++;
    }
  }

  /** Drops what is held of a block, e.g. one compacted away. */
  public synchronized void evict(String tenant, UUID blockId) {
    var it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Key, Entry> e = it.next();
      if (e.getKey().blockId().equals(blockId) && e.getKey().tenant().equals(tenant)) {
        it.remove();
        heldBytes -= e.getValue().bytes();
      }
    }
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** The estimated heap held now. */
  public synchronized long heldBytes() {
    return heldBytes;
  }

  public synchronized int size() {
    return entries.size();
  }

  /** Gets answered from the cache, gets that loaded, and objects dropped to stay in budget. */
  public synchronized Stats stats() {
    return new Stats(hits, misses, evictions);
  }

  public record Stats(long hits, long misses, long evictions) {}
}
