package dev.andante.blockformat.encoding;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import java.nio.file.Path;
import java.util.UUID;

/** One version of the block format: how a block is written and read. Implementations are stateless. */
public interface BlockEncoding {

  /** The version written to meta.json, e.g. {@code "v1"}. */
  String version();

  /**
   * Starts a block. Traces are added in increasing trace-ID order and staged under {@code
   * stagingDir}; nothing is visible on {@code backend} until {@link BlockBuilder#complete()}.
   *
   * @param estimatedTraces expected number of traces, used to size the bloom filter
   */
  BlockBuilder newBlock(
      Backend backend,
      TenantId tenant,
      UUID blockId,
      int compactionLevel,
      long estimatedTraces,
      BlockConfig config,
      Path stagingDir);

  /**
   * A reader of a block whose meta.json has been read. Cheap; reads nothing until asked. What it
   * loads to find traces (filters, footers) it keeps for as long as the reader lives.
   */
  BlockReader open(Backend backend, BlockMeta meta);

  /**
   * A reader that keeps what it loads to find traces in {@code cache}, shared with other readers
   * and bounded there, so that a reader itself holds next to nothing and readers of many blocks can
   * be kept or dropped freely. Encodings that keep nothing worth sharing may ignore the cache.
   */
  default BlockReader open(Backend backend, BlockMeta meta, BlockCache cache) {
    return open(backend, meta);
  }
}
