package dev.andante.compactor.testing;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.blocklist.Blocklist;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.trace.Trace;
import dev.andante.blockformat.trace.TraceCombiner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Writes blocks and reads them back the way a querier does. */
public final class Blocks {
  private Blocks() {}

  /** Writes a level-{@code level} block of {@code traces} (sorted by ID). */
  public static BlockMeta write(Backend backend, TenantId tenant, List<Trace> traces, int level, Path staging) {
    try (BlockBuilder builder =
        Encodings.current().newBlock(backend, tenant, UUID.randomUUID(), level, traces.size(), BlockConfig.DEFAULT, staging)) {
      traces.forEach(builder::add);
      return builder.complete();
    }
  }

  /** Writes each of the split's blocks at level 0. */
  public static List<BlockMeta> writeAll(Backend backend, TenantId tenant, SplitTraces split, Path staging) {
    List<BlockMeta> metas = new ArrayList<>();
    for (List<Trace> block : split.blocks()) {
      metas.add(write(backend, tenant, block, 0, staging));
    }
    return metas;
  }

  /** The live blocks of {@code tenant}, as a querier polling now sees them. */
  public static List<BlockMeta> live(Backend backend, TenantId tenant) {
    Blocklist blocklist = new Blocklist(backend);
    blocklist.poll();
    return blocklist.metas(tenant);
  }

  /**
   * Looks {@code id} up in every block of {@code metas} and combines the parts as the querier does.
   * A block deleted meanwhile reads as "not here".
   */
  public static Lookup find(Backend backend, List<BlockMeta> metas, TraceId id) {
    List<Trace> parts = new ArrayList<>();
    for (BlockMeta meta : metas) {
      if (meta.mayContain(id)) {
        Encodings.open(backend, meta).find(id).ifPresent(parts::add);
      }
    }
    long raw = parts.stream().mapToLong(Trace::spanCount).sum();
    Optional<Trace> combined = parts.isEmpty() ? Optional.empty() : Optional.of(TraceCombiner.combine(id, parts));
    return new Lookup(combined, parts.size(), raw);
  }

  /** What a lookup found: the combined trace, how many blocks held a part, spans before combining. */
  public record Lookup(Optional<Trace> trace, int parts, long rawSpans) {}

  /**
   * Every trace in the blocks of {@code metas}, its rows from different blocks combined as a
   * querier combines the parts of one lookup.
   */
  public static java.util.Map<TraceId, Trace> combined(Backend backend, List<BlockMeta> metas) {
    java.util.Map<TraceId, TraceCombiner> byId = new java.util.TreeMap<>();
    for (Trace row : rows(backend, metas)) {
      byId.computeIfAbsent(row.id(), TraceCombiner::new).add(row);
    }
    java.util.Map<TraceId, Trace> out = new java.util.TreeMap<>();
    byId.forEach((id, c) -> out.put(id, c.result()));
    return out;
  }

  /** Every row of every block in {@code metas}. */
  public static List<Trace> rows(Backend backend, List<BlockMeta> metas) {
    List<Trace> rows = new ArrayList<>();
    for (BlockMeta meta : metas) {
      try (BlockReader.TraceIterator it = Encodings.open(backend, meta).iterator()) {
        it.forEachRemaining(rows::add);
      }
    }
    return rows;
  }
}
