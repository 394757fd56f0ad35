package dev.andante.blockformat.encoding.v1;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockCache;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockEncoding;
import dev.andante.blockformat.encoding.BlockReader;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Block encoding v1: one Parquet file (one row per trace, sorted by trace ID; see {@link Schema}),
 * sharded bloom filters over the trace IDs, an index of row-group ID and byte ranges, and (since
 * it was added; older v1 blocks lack it and are read with their bloom shards) sorted 32-bit
 * fingerprints of the trace IDs.
 */
public final class V1Encoding implements BlockEncoding {
  public static final String VERSION = "v1";

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public BlockBuilder newBlock(
      Backend backend,
      TenantId tenant,
      UUID blockId,
      int compactionLevel,
      long estimatedTraces,
      BlockConfig config,
      Path stagingDir) {
    check(backend != null, "backend must not be null");
    check(tenant != null, "tenant must not be null");
    check(blockId != null, "blockId must not be null");
    check(compactionLevel >= 0, "compactionLevel must not be negative, got " + compactionLevel);
    check(estimatedTraces >= 0, "estimatedTraces must not be negative, got " + estimatedTraces);
    check(config != null, "config must not be null");
    check(stagingDir != null, "stagingDir must not be null");
    return new V1BlockBuilder(backend, tenant, blockId, compactionLevel, estimatedTraces, config, stagingDir);
  }

  @Override
  public BlockReader open(Backend backend, BlockMeta meta) {
    return open(backend, meta, BlockCache.unbounded());
  }

  @Override
  public BlockReader open(Backend backend, BlockMeta meta, BlockCache cache) {
    check(backend != null, "backend must not be null");
    check(meta != null, "meta must not be null");
    check(cache != null, "cache must not be null");
    check(VERSION.equals(meta.version()), "meta must be of a " + VERSION + " block, got version '" + meta.version() + "'");
    return new V1BlockReader(backend.store(), meta, cache);
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
