package dev.andante.blockformat.encoding.v1;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.trace.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;

/**
 * Writes a v1 block: rows go to a local Parquet file as they are added; {@link #complete()} builds
 * the bloom shards, index and fingerprints from the trace IDs (kept in memory, 16 bytes each) and
 * the file's footer, then uploads data.parquet, bloom-N, index, fingerprints, and meta.json last. Not thread safe.
 */
final class V1BlockBuilder implements BlockBuilder {
  private final Backend backend;
  private final TenantId tenant;
  private final UUID blockId;
  private final int compactionLevel;
  private final BlockConfig config;
  private final Path stagingFile;
  private final ParquetWriter<TraceRow> writer;

  private byte[] ids;
  private int traces;
  private TraceId last;
  private long spans;
  private long minStart = Long.MAX_VALUE;
  private long maxEnd = Long.MIN_VALUE;
  private boolean closed;
  /** A row failed half way: the staging file cannot be completed. */
  private boolean failed;

  V1BlockBuilder(
      Backend backend,
      TenantId tenant,
      UUID blockId,
      int compactionLevel,
      long estimatedTraces,
      BlockConfig config,
      Path stagingDir) {
    this.backend = backend;
    this.tenant = tenant;
    this.blockId = blockId;
    this.compactionLevel = compactionLevel;
    this.config = config;
    this.ids = new byte[16 * (int) Math.max(16, Math.min(estimatedTraces, 1 << 20))];
    try {
      Files.createDirectories(stagingDir);
      this.stagingFile = stagingDir.resolve(blockId + ".parquet");
      this.writer = TraceParquetWriter.open(stagingFile, config.rowGroupSizeBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start block: cannot create staging file in " + stagingDir + " (block " + blockId + ")", e);
    }
  }

  @Override
  public void add(Trace trace) {
    if (trace == null) {
      throw new IllegalArgumentException("trace must not be null");
    }
    checkOpen("add trace");
    checkOrder(trace.id());
    write(TraceRow.of(trace));
  }

  /** Writes the trace from its bytes: no protobuf messages, no strings (see {@link EncodedTraceWriter}). */
  @Override
  public void add(TraceId id, byte[] tracesData) {
    if (id == null || tracesData == null) {
      throw new IllegalArgumentException("id and tracesData must not be null");
    }
    checkOpen("add trace");
    checkOrder(id);
    TraceRow row;
    try {
      row = EncodedTraceWriter.row(id, tracesData);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot add trace " + id + ": " + e.getMessage() + " (block " + blockId + ")", e);
    }
    write(row);
  }

  private void checkOrder(TraceId id) {
    if (last != null && id.compareTo(last) <= 0) {
      throw new IllegalArgumentException(
          "Cannot add trace " + id + ": trace IDs must strictly increase, the previous was " + last + " (block " + blockId + ")");
    }
  }

  private void write(TraceRow row) {
    TraceId id = row.id();
    try {
      writer.write(row);
    } catch (IOException e) {
      failed = true;
      throw new UncheckedIOException("Cannot add trace " + id + ": staging write failed (block " + blockId + ")", e);
    } catch (RuntimeException e) {
      // The row may be half written: the file cannot be completed any more.
      failed = true;
      throw e;
    }
    last = id;
    if (16L * (traces + 1) > ids.length) {
      ids = Arrays.copyOf(ids, Math.max(ids.length * 2, 16 * 16));
    }
    id.writeTo(ids, 16 * traces);
    traces++;
    if (row.spans() > 0) {
      spans += row.spans();
      minStart = Math.min(minStart, row.start());
      maxEnd = Math.max(maxEnd, row.end());
    }
  }

  @Override
  public long traceCount() {
    return traces;
  }

  @Override
  public long bytesWritten() {
    return writer.getDataSize();
  }

  @Override
  public BlockMeta complete() {
    checkOpen("complete block");
    if (traces == 0) {
      throw new IllegalStateException("Cannot complete block: no trace was added (block " + blockId + ")");
    }
    closed = true;
    try {
      writer.close();
      ParquetMetadata footer;
      try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(stagingFile))) {
        footer = reader.getFooter();
      }
      long size = Files.size(stagingFile);
      RowGroupIndex index = index(footer.getBlocks());
      List<RowGroupIndex.Entry> entries = index.entries();
      RowGroupIndex.Entry lastGroup = entries.get(entries.size() - 1);
      long footerOffset = lastGroup.offset() + lastGroup.length();

      byte[][] blooms = BloomShards.build(ids, traces, config.bloomFalsePositive(), config.bloomShardSizeBytes());
      var store = backend.store();
      store.write(BlockKeys.key(tenant, blockId, BlockKeys.DATA), stagingFile);
      for (int s = 0; s < blooms.length; s++) {
        store.write(BlockKeys.bloom(tenant, blockId, s), blooms[s]);
      }
      store.write(BlockKeys.key(tenant, blockId, BlockKeys.INDEX), index.serialize());
      store.write(BlockKeys.key(tenant, blockId, BlockKeys.FINGERPRINTS), TraceFingerprints.build(ids, traces).serialize());
      BlockMeta meta =
          new BlockMeta(
              V1Encoding.VERSION,
              blockId,
              tenant.value(),
              idAt(0).toHex(),
              idAt(traces - 1).toHex(),
              instant(spans > 0 ? minStart : 0),
              instant(spans > 0 ? maxEnd : 0),
              traces,
              spans,
              size,
              compactionLevel,
              blooms.length,
              entries.size(),
              footerOffset);
      backend.writeBlockMeta(meta);
      return meta;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot complete block: " + e.getMessage() + " (block " + blockId + ")", e);
    } finally {
      deleteStagingFile();
    }
  }

  private RowGroupIndex index(List<BlockMetaData> groups) {
    List<RowGroupIndex.Entry> entries = new ArrayList<>(groups.size());
    int row = 0;
    for (BlockMetaData group : groups) {
      long start = Long.MAX_VALUE;
      long end = 0;
      for (ColumnChunkMetaData column : group.getColumns()) {
        start = Math.min(start, column.getStartingPos());
        end = Math.max(end, column.getStartingPos() + column.getTotalSize());
      }
      int rows = (int) group.getRowCount();
      entries.add(new RowGroupIndex.Entry(idAt(row).bytes(), idAt(row + rows - 1).bytes(), start, end - start, rows));
      row += rows;
    }
    if (row != traces) {
      throw new IllegalStateException("staging file holds " + row + " rows, " + traces + " traces were added");
    }
    return new RowGroupIndex(entries);
  }

  private TraceId idAt(int i) {
    return TraceId.of(Arrays.copyOfRange(ids, 16 * i, 16 * i + 16));
  }

  private static Instant instant(long unixNanos) {
    return Instant.ofEpochSecond(0, unixNanos);
  }

  private void checkOpen(String what) {
    if (closed) {
      throw new IllegalStateException("Cannot " + what + ": the block was completed or closed (block " + blockId + ")");
    }
    if (failed) {
      throw new IllegalStateException("Cannot " + what + ": adding a trace failed earlier; close the block (block " + blockId + ")");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.close();
    } catch (IOException | RuntimeException e) {
      // Abandoning the block: the staging file goes anyway.
    }
    deleteStagingFile();
  }

  private void deleteStagingFile() {
    try {
      Files.deleteIfExists(stagingFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete staging file " + stagingFile, e);
    }
  }
}
