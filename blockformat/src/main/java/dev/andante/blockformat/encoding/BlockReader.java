package dev.andante.blockformat.encoding;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.trace.Trace;
import java.util.Iterator;
import java.util.Optional;

/**
 * Reads one block. Thread safe. A reader may cache what it has read of the block (bloom shards, the
 * index, the Parquet footer), which is safe because blocks are immutable.
 */
public interface BlockReader {

  BlockMeta meta();

  /**
   * The part of trace {@code id} this block holds, or empty. Reads at most one bloom shard, the
   * index, and the byte range of one row group — never the whole data file. A block deleted
   * meanwhile reads as empty, not as an error.
   */
  Optional<Trace> find(TraceId id);

  /**
   * Loads what {@link #find} consults before it reads anything (e.g. the block's trace-ID
   * fingerprints), so that the first lookup does not wait for it; a querier calls it for the blocks
   * a blocklist poll finds. Blocking; does nothing for an encoding with nothing to load.
   */
  default void prepare() {}

  /**
   * Every trace of the block in trace-ID order, streamed: at most about one row group is held in
   * memory. Close it when done.
   */
  TraceIterator iterator();

  /** An iterator that holds resources. */
  interface TraceIterator extends Iterator<Trace>, AutoCloseable {
    @Override
    void close();
  }
}
