package dev.andante.compactor.merge;

import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.compactor.planning.CompactionJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes the output block of a {@link CompactionJob}: a streaming k-way merge of the inputs by trace
 * ID ({@link TraceMergeIterator}) into a new block of the current encoding, at one level above the
 * highest input. Memory: one trace per input, the readers' current row groups, the builder's row
 * group and 16 bytes per output trace ID. Does not touch the inputs: replacing them is the
 * caller's step, after this returns. Thread safe (each call has its own state).
 */
public final class BlockMerger {
  private final Backend backend;
  private final BlockConfig blockConfig;
  private final Path stagingDir;

  public BlockMerger(Backend backend, BlockConfig blockConfig, Path stagingDir) {
    if (backend == null || blockConfig == null || stagingDir == null) {
      throw new IllegalArgumentException("backend, blockConfig and stagingDir must not be null");
    }
    this.backend = backend;
    this.blockConfig = blockConfig;
    this.stagingDir = stagingDir;
  }

  /**
   * Merges the job's inputs into block {@code outputId}, whose meta.json is written last. An input
   * deleted meanwhile fails the merge (with the backend's exception), leaving no visible output.
   */
  public Result merge(CompactionJob job, UUID outputId) {
    if (job == null || outputId == null) {
      throw new IllegalArgumentException("job and outputId must not be null");
    }
    long started = System.nanoTime();
    List<BlockReader.TraceIterator> sources = new ArrayList<>(job.inputs().size());
    try {
      for (BlockMeta input : job.inputs()) {
        sources.add(Encodings.open(backend, input).iterator());
      }
    } catch (RuntimeException e) {
      sources.forEach(BlockReader.TraceIterator::close);
      throw e;
    }
    try (TraceMergeIterator traces = new TraceMergeIterator(sources);
        BlockBuilder builder =
            Encodings.current()
                .newBlock(backend, job.tenant(), outputId, job.outputLevel(), job.totalObjects(), blockConfig, stagingDir)) {
      while (traces.hasNext()) {
        builder.add(traces.next());
      }
      BlockMeta output = builder.complete();
      return new Result(output, traces.partsRead(), job.totalSpans(), job.totalBytes(), System.nanoTime() - started);
    }
  }

  /**
   * What a merge read and wrote.
   *
   * @param output meta of the block written
   * @param tracesRead trace parts read from the inputs (rows)
   * @param spansRead spans in the inputs
   * @param bytesRead bytes of the inputs' data.parquet
   * @param nanos time taken
   */
  public record Result(BlockMeta output, long tracesRead, long spansRead, long bytesRead, long nanos) {}
}
