package dev.andante.compactor.merge;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockEncoding;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.trace.Trace;
import dev.andante.blockformat.trace.TraceCombiner;
import dev.andante.compactor.planning.CompactionJob;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link CompactionJob}: a k-way merge of the input blocks by trace ID into one new block.
 * Parts of one trace from different inputs become one row, spans with the same span ID once. Only
 * one trace per input is held in memory at a time, besides the readers' current row groups.
 *
 * <p>The inputs are marked compacted only after the output's meta.json is written, so at every
 * moment each trace is fully visible in the inputs, the output, or both; readers remove the
 * duplicate spans the "both" state shows.
 */
public final class BlockMerger {
  private static final Logger LOG = LoggerFactory.getLogger(BlockMerger.class);

  private final Backend backend;
  private final BlockConfig blockConfig;
  private final Path stagingDir;
  private final Clock clock;

  public BlockMerger(Backend backend, BlockConfig blockConfig, Path stagingDir, Clock clock) {
    this.backend = backend;
    this.blockConfig = blockConfig;
    this.stagingDir = stagingDir;
    this.clock = clock;
  }

  /** Merges the job's inputs into a new block, then marks the inputs compacted. */
  public Result compact(CompactionJob job) {
    long started = System.nanoTime();
    BlockEncoding output = Encodings.current();
    List<BlockReader.TraceIterator> iterators = new ArrayList<>();
    long spansIn = 0;
    try (BlockBuilder builder = output.newBlock(
        backend, job.tenant(), UUID.randomUUID(), job.outputLevel(), job.totalObjects(), blockConfig, stagingDir)) {
      PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparing((Head h) -> h.trace.id()));
      for (BlockMeta meta : job.inputs()) {
        BlockReader reader = Encodings.forVersion(meta.version()).open(backend, meta);
        BlockReader.TraceIterator it = reader.iterator();
        iterators.add(it);
        if (it.hasNext()) {
          heads.add(new Head(it.next(), it));
        }
        spansIn += meta.spans();
      }
      List<Trace> parts = new ArrayList<>();
      while (!heads.isEmpty()) {
        TraceId id = heads.peek().trace.id();
        parts.clear();
        while (!heads.isEmpty() && heads.peek().trace.id().equals(id)) {
          Head head = heads.poll();
          parts.add(head.trace);
          if (head.iterator.hasNext()) {
            heads.add(new Head(head.iterator.next(), head.iterator));
          }
        }
        builder.add(parts.size() == 1 ? parts.get(0) : TraceCombiner.combine(id, parts));
      }
      BlockMeta written = builder.complete();
      for (BlockMeta input : job.inputs()) {
        backend.markCompacted(input, clock.instant());
      }
      long nanos = System.nanoTime() - started;
      LOG.info("Compacted {} blocks of tenant {} ({} spans) into block {} at level {}: {} traces, {} spans, {} bytes in {} ms",
          job.inputs().size(), job.tenant(), spansIn, written.blockId(), written.compactionLevel(),
          written.totalObjects(), written.spans(), written.size(), nanos / 1_000_000);
      return new Result(written, spansIn, nanos);
    } finally {
      for (BlockReader.TraceIterator it : iterators) {
        it.close();
      }
    }
  }

  /** What a compaction wrote and read. */
  public record Result(BlockMeta output, long spansRead, long nanos) {}

  private record Head(Trace trace, BlockReader.TraceIterator iterator) {}
}
