package dev.andante.blockformat.blocklist;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live block metas of every tenant, as last seen. {@link #poll()} refreshes it from a {@link
 * BlocklistSource}; {@link #add} makes a block a local ingester just flushed visible at once, before
 * the next poll.
 *
 * <p>Thread safe. {@link #metas} is lock-free and cheap (an immutable snapshot); polls run one at a
 * time and never hold a lock while they talk to the object store.
 */
public final class Blocklist {
  private static final Logger LOG = LoggerFactory.getLogger(Blocklist.class);
  private static final Comparator<BlockMeta> BY_START_TIME =
      Comparator.comparing(BlockMeta::startTime, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(BlockMeta::blockId);

  private final BlocklistSource source;
  private final ConcurrentHashMap<TenantId, TenantSnapshot> tenants = new ConcurrentHashMap<>();
  /** Orders adds against polls: an add newer than a poll's listing survives that poll. */
  private final AtomicLong sequence = new AtomicLong();
  private final Object pollLock = new Object();

  /** A blocklist that lists {@code backend}'s bucket. */
  public Blocklist(Backend backend) {
    this(new ListingBlocklistSource(backend));
  }

  public Blocklist(BlocklistSource source) {
    if (source == null) {
      throw new IllegalArgumentException("source must not be null");
    }
    this.source = source;
  }

  /** Live block metas of {@code tenant}, oldest first; empty for a tenant with none. */
  public List<BlockMeta> metas(TenantId tenant) {
    TenantSnapshot snapshot = tenants.get(tenant);
    return snapshot == null ? List.of() : snapshot.metas();
  }

  /** Tenants with at least one live block. */
  public Set<TenantId> tenants() {
    return Set.copyOf(tenants.keySet());
  }

  /** Live blocks of every tenant. */
  public int size() {
    int n = 0;
    for (TenantSnapshot snapshot : tenants.values()) {
      n += snapshot.metas().size();
    }
    return n;
  }

  /** Makes a block visible before the next poll finds it, e.g. one a local ingester just flushed. */
  public void add(BlockMeta meta) {
    if (meta == null) {
      throw new IllegalArgumentException("meta must not be null");
    }
    long seq = sequence.incrementAndGet();
    tenants.compute(meta.tenant(), (t, old) -> {
      Map<UUID, Entry> entries = old == null ? new HashMap<>() : new HashMap<>(old.entries());
      entries.put(meta.blockId(), new Entry(meta, seq));
      return TenantSnapshot.of(entries);
    });
  }

  /**
   * Re-reads the list of live blocks: new blocks are added (only their meta.json is read), blocks
   * that disappeared or were compacted are dropped, known metas are kept without re-reading. A
   * tenant that cannot be listed keeps its previous blocks and counts as a failure. Blocking.
   */
  public PollResult poll() {
    synchronized (pollLock) {
      long tenantsListedAt = sequence.get();
      List<TenantId> found = source.tenants();
      int blocks = 0;
      int metasRead = 0;
      int dropped = 0;
      int failures = 0;
      for (TenantId tenant : found) {
        long listedAt = sequence.get();
        Map<UUID, BlockMeta> known = new HashMap<>();
        TenantSnapshot before = tenants.get(tenant);
        if (before != null) {
          before.entries().forEach((id, e) -> known.put(id, e.meta()));
        }
        BlocklistSource.TenantBlocks live;
        try {
          live = source.live(tenant, known);
        } catch (RuntimeException e) {
          failures++;
          LOG.warn("Cannot poll blocklist: {} (tenant {})", e.getMessage(), tenant);
          blocks += before == null ? 0 : before.entries().size();
          continue;
        }
        metasRead += live.metasRead();
        failures += live.failures();
        int[] droppedHere = {0};
        TenantSnapshot after = tenants.compute(tenant, (t, current) -> replace(current, live.metas(), listedAt, droppedHere));
        dropped += droppedHere[0];
        blocks += after == null ? 0 : after.entries().size();
      }
      dropped += dropVanishedTenants(new HashSet<>(found), tenantsListedAt);
      return new PollResult(found.size(), blocks, metasRead, dropped, failures);
    }
  }

  private TenantSnapshot replace(TenantSnapshot current, List<BlockMeta> live, long listedAt, int[] dropped) {
    Map<UUID, Entry> entries = new HashMap<>();
    for (BlockMeta meta : live) {
      Entry kept = current == null ? null : current.entries().get(meta.blockId());
      entries.put(meta.blockId(), kept != null ? kept : new Entry(meta, listedAt));
    }
    if (current != null) {
      for (Entry e : current.entries().values()) {
        if (entries.containsKey(e.meta().blockId())) {
          continue;
        }
        if (e.sequence() > listedAt) {
          entries.put(e.meta().blockId(), e); // added while we were listing
        } else {
          dropped[0]++;
        }
      }
    }
    return entries.isEmpty() ? null : TenantSnapshot.of(entries);
  }

  private int dropVanishedTenants(Set<TenantId> found, long listedAt) {
    int dropped = 0;
    for (TenantId tenant : new ArrayList<>(tenants.keySet())) {
      if (found.contains(tenant)) {
        continue;
      }
      int[] n = {0};
      tenants.compute(tenant, (t, current) -> replace(current, List.of(), listedAt, n));
      dropped += n[0];
    }
    return dropped;
  }

  /**
   * What a poll did.
   *
   * @param tenants tenants listed
   * @param blocks live blocks known after the poll
   * @param metasRead meta.json objects read
   * @param dropped blocks no longer live (compacted or deleted)
   * @param failures tenants or metas that could not be read
   */
  public record PollResult(int tenants, int blocks, int metasRead, int dropped, int failures) {}

  private record Entry(BlockMeta meta, long sequence) {}

  private record TenantSnapshot(Map<UUID, Entry> entries, List<BlockMeta> metas) {
    static TenantSnapshot of(Map<UUID, Entry> entries) {
      List<BlockMeta> metas = new ArrayList<>(entries.size());
      entries.values().forEach(e -> metas.add(e.meta()));
      metas.sort(BY_START_TIME);
      return new TenantSnapshot(Map.copyOf(entries), List.copyOf(metas));
    }
  }
}
