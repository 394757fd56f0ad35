package dev.andante.ingester.flush;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockEncoding;
import dev.andante.ingester.distributor.EncodedPiece;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes one {@link CutBlock} to the object store: every trace in ID order, its pieces combined,
 * through the block encoding, which writes meta.json last. Traces go to the encoding as protobuf
 * bytes, the pieces of one combined on the wire ({@link EncodedCombiner}); only pieces that a
 * byte-level combine does not handle are decoded and combined as messages. Blocking; safe to call from several
 * threads for different blocks.
 */
public final class BlockFlusher {
  /** Compaction level of blocks cut by an ingester. */
  public static final int INGESTER_LEVEL = 0;

  private final Backend backend;
  private final BlockEncoding encoding;
  private final BlockConfig blockConfig;
  private final Path stagingRoot;
  private final Clock clock;

  /**
   * @param stagingRoot directory under which each block gets its own staging directory, removed
   *     once the block is written or abandoned
   */
  public BlockFlusher(
      Backend backend, BlockEncoding encoding, BlockConfig blockConfig, Path stagingRoot, Clock clock) {
    if (backend == null || encoding == null || blockConfig == null || stagingRoot == null || clock == null) {
      throw new IllegalArgumentException("backend, encoding, blockConfig, stagingRoot and clock must not be null");
    }
    this.backend = backend;
    this.encoding = encoding;
    this.blockConfig = blockConfig;
    this.stagingRoot = stagingRoot;
    this.clock = clock;
  }

  /** Writes {@code block} and opens a reader on it. Throws whatever the encoding or backend threw. */
  public FlushedBlock flush(CutBlock block) {
    Path staging = stagingRoot.resolve(block.tenant().value()).resolve(block.blockId().toString());
    try {
      Files.createDirectories(staging);
      BlockMeta meta;
      try (BlockBuilder builder =
          encoding.newBlock(
              backend, block.tenant(), block.blockId(), INGESTER_LEVEL, block.traceCount(), blockConfig, staging)) {
        for (Map.Entry<TraceId, List<EncodedPiece>> entry : block.traces().entrySet()) {
          List<EncodedPiece> pieces = entry.getValue();
          byte[] encoded = pieces.size() == 1 ? pieces.get(0).bytes() : EncodedCombiner.combine(pieces);
          if (encoded != null) {
            builder.add(entry.getKey(), encoded); // straight from the bytes, nothing decoded
          } else {
            builder.add(Pieces.decode(entry.getKey(), pieces));
          }
        }
        meta = builder.complete();
      }
      return new FlushedBlock(meta, encoding.open(backend, meta), clock.instant());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot flush block: cannot create staging directory (" + staging + ")", e);
    } finally {
      deleteQuietly(staging);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // A leftover staging directory wastes disk but harms nothing; the next attempt recreates it.
    }
  }
}
