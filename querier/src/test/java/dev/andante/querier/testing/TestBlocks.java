package dev.andante.querier.testing;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.blocklist.BlockReaderCache;
import dev.andante.blockformat.blocklist.Blocklist;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real v1 blocks in an in-memory object store, a blocklist over them, and a reader cache that
 * counts which blocks lookups actually read.
 */
public final class TestBlocks {
  public final MemoryObjectStore store = new MemoryObjectStore();
  public final Backend backend = new Backend(store);
  public final Blocklist blocklist = new Blocklist(backend);
  public final BlockReaderCache readers = new BlockReaderCache(64, this::open);
  private final Map<UUID, AtomicInteger> finds = new ConcurrentHashMap<>();
  private final Path stagingDir;

  public TestBlocks(Path stagingDir) {
    this.stagingDir = stagingDir;
  }

  /** Writes the traces as one block with the v1 encoding and polls the blocklist. */
  public BlockMeta write(TenantId tenant, Trace... traces) {
    List<Trace> sorted = new ArrayList<>(List.of(traces));
    sorted.sort(Comparator.comparing(Trace::id));
    BlockMeta meta;
    try (BlockBuilder builder = Encodings.forVersion("v1")
        .newBlock(backend, tenant, UUID.randomUUID(), 0, sorted.size(), BlockConfig.DEFAULT, stagingDir)) {
      sorted.forEach(builder::add);
      meta = builder.complete();
    }
    blocklist.poll();
    return meta;
  }

  /** How often lookups asked this block for a trace. */
  public int finds(BlockMeta meta) {
    AtomicInteger n = finds.get(meta.blockId());
    return n == null ? 0 : n.get();
  }

  private BlockReader open(BlockMeta meta) {
    BlockReader real = Encodings.forVersion(meta.version()).open(backend, meta);
    return new BlockReader() {
      @Override
      public BlockMeta meta() {
        return real.meta();
      }

      @Override
      public Optional<Trace> find(TraceId id) {
        finds.computeIfAbsent(meta.blockId(), k -> new AtomicInteger()).incrementAndGet();
        return real.find(id);
      }

      @Override
      public void prepare() {
        real.prepare();
      }

      @Override
      public TraceIterator iterator() {
        return real.iterator();
      }
    };
  }
}
