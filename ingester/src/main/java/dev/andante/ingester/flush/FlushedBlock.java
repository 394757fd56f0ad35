package dev.andante.ingester.flush;

import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.BlockReader;
import java.time.Instant;

/**
 * A block this ingester wrote and still serves until queriers have had time to see it in the block
 * list.
 *
 * @param meta what was written to meta.json
 * @param reader reads the block back from the object store
 * @param flushedAt when meta.json was written
 */
public record FlushedBlock(BlockMeta meta, BlockReader reader, Instant flushedAt) {
  public FlushedBlock {
    if (meta == null || reader == null || flushedAt == null) {
      throw new IllegalArgumentException("meta, reader and flushedAt must not be null");
    }
  }
}
