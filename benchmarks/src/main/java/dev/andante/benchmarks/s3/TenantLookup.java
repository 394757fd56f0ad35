package dev.andante.benchmarks.s3;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.trace.TraceCombiner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trace by ID across every block of a tenant, the way a querier does it once it has the blocklist:
 * skip the blocks whose [minID, maxID] cannot hold the ID, ask each remaining block, and combine
 * the parts. Blocks are asked one after another, so latency adds up; a querier that fans out in
 * parallel would see less latency for the same requests.
 */
final class TenantLookup {
  /** The combined trace's span count (0 when not found) and how many blocks were asked. */
  record Result(int spans, int candidates) {}

  private final List<BlockReader> readers;

  private TenantLookup(List<BlockReader> readers) {
    this.readers = readers;
  }

  /** Readers opened once and kept: what a querier with a reader cache does. */
  static TenantLookup reusing(Backend backend, List<BlockMeta> metas) {
    List<BlockReader> readers = new ArrayList<>(metas.size());
    for (BlockMeta meta : metas) {
      readers.add(Encodings.open(backend, meta));
    }
    return new TenantLookup(readers);
  }

  /** One lookup with readers opened for it and dropped after: nothing of any block is cached. */
  static Result findCold(Backend backend, List<BlockMeta> metas, TraceId id) {
    return reusing(backend, metas).find(id);
  }

  Result find(TraceId id) {
    TraceCombiner combined = new TraceCombiner(id);
    int candidates = 0;
    for (BlockReader reader : readers) {
      if (!reader.meta().mayContain(id)) {
        continue;
      }
      candidates++;
      Optional<dev.andante.blockformat.trace.Trace> part = reader.find(id);
      part.ifPresent(combined::add);
    }
    return new Result(combined.isEmpty() ? 0 : combined.result().spanCount(), candidates);
  }
}
