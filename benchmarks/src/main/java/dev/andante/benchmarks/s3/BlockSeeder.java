package dev.andante.benchmarks.s3;

import dev.andante.benchmarks.generator.TraceGenerator;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes blocks of generated traces, as an ingester cuts them: each block holds the traces that
 * started in its own five-minute window, sorted by trace ID. The same traces go to every backend,
 * under the same block IDs, so the backends are compared on identical data. Remembers every trace
 * ID written and its span count, to check what lookups return. Not thread safe.
 */
final class BlockSeeder {
  private static final Logger LOG = LoggerFactory.getLogger(BlockSeeder.class);
  static final Instant FIRST_BLOCK_START = Instant.parse("2026-11-02T10:00:00Z");
  static final Duration BLOCK_WINDOW = Duration.ofMinutes(5);

  /** What writing some blocks cost, summed over the blocks. */
  record WriteStats(int blocks, long traces, long spans, long dataBytes, long nanos) {}

  private final TenantId tenant;
  private final TraceGenerator generator;
  private final int tracesPerBlock;
  private final BlockConfig config;
  private final Path stagingDir;
  private final Map<TraceId, Integer> spansById = new HashMap<>();
  private final List<TraceId> ids = new ArrayList<>();
  private int blocksWritten;

  BlockSeeder(TenantId tenant, TraceGenerator generator, int tracesPerBlock, BlockConfig config, Path stagingDir) {
    this.tenant = tenant;
    this.generator = generator;
    this.tracesPerBlock = tracesPerBlock;
    this.config = config;
    this.stagingDir = stagingDir;
  }

  int blocksWritten() {
    return blocksWritten;
  }

  /** Every trace ID written so far, in the order written. */
  List<TraceId> ids() {
    return ids;
  }

  /** The span count of trace {@code id}, or 0 if it was never written. */
  int spans(TraceId id) {
    return spansById.getOrDefault(id, 0);
  }

  /** Writes blocks to every backend until each holds {@code total}; returns the cost per backend. */
  List<WriteStats> writeUpTo(int total, List<Backend> backends) {
    long[] nanos = new long[backends.size()];
    long[] bytes = new long[backends.size()];
    long traces = 0;
    long spans = 0;
    int blocks = 0;
    while (blocksWritten < total) {
      List<Trace> block = nextBlock();
      for (Trace trace : block) {
        traces++;
        spans += trace.spanCount();
      }
      UUID blockId = UUID.nameUUIDFromBytes(("block-" + blocksWritten).getBytes(StandardCharsets.UTF_8));
      for (int b = 0; b < backends.size(); b++) {
        long start = System.nanoTime();
        BlockMeta meta = write(backends.get(b), blockId, block);
        nanos[b] += System.nanoTime() - start;
        bytes[b] += meta.size();
      }
      blocksWritten++;
      blocks++;
      if (blocksWritten % 10 == 0) {
        LOG.info("{} blocks written", blocksWritten);
      }
    }
    List<WriteStats> stats = new ArrayList<>();
    for (int b = 0; b < backends.size(); b++) {
      stats.add(new WriteStats(blocks, traces, spans, bytes[b], nanos[b]));
    }
    return stats;
  }

  private List<Trace> nextBlock() {
    long windowStart = FIRST_BLOCK_START.plus(BLOCK_WINDOW.multipliedBy(blocksWritten)).toEpochMilli() * 1_000_000L;
    long step = BLOCK_WINDOW.toNanos() / tracesPerBlock;
    List<Trace> block = new ArrayList<>(tracesPerBlock);
    for (int i = 0; i < tracesPerBlock; i++) {
      List<ResourceSpans> spans = generator.next(windowStart + i * step);
      TraceId id = TraceId.of(spans.get(0).getScopeSpans(0).getSpans(0).getTraceId().toByteArray());
      Trace trace = new Trace(id, spans);
      if (spansById.putIfAbsent(id, trace.spanCount()) != null) {
        throw new IllegalStateException("Cannot seed blocks: the generator repeated trace ID " + id);
      }
      ids.add(id);
      block.add(trace);
    }
    block.sort(Comparator.comparing(Trace::id));
    return block;
  }

  private BlockMeta write(Backend backend, UUID blockId, List<Trace> traces) {
    try (BlockBuilder builder =
        Encodings.current().newBlock(backend, tenant, blockId, 0, traces.size(), config, stagingDir)) {
      for (Trace trace : traces) {
        builder.add(trace);
      }
      return builder.complete();
    }
  }
}
