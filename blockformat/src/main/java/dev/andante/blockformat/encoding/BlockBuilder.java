package dev.andante.blockformat.encoding;

import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.trace.Trace;

/**
 * A block being written. Not thread safe. Memory stays bounded by about one row group whatever the
 * number of traces: rows go to a staging file as they come.
 */
public interface BlockBuilder extends AutoCloseable {

  /**
   * Adds one trace. Trace IDs must strictly increase from call to call.
   *
   * @throws IllegalArgumentException if {@code trace}'s ID is not greater than the previous one's
   */
  void add(Trace trace);

  /** Traces added so far. */
  long traceCount();

  /** Bytes written to the staging file so far (an estimate until complete). */
  long bytesWritten();

  /**
   * Finishes the block and uploads it: data.parquet, bloom shards and index first, meta.json last,
   * which makes it visible. Returns the meta that was written. The staging files are removed.
   */
  BlockMeta complete();

  /** Abandons the block if it was not completed, removing its staging files. */
  @Override
  void close();
}
