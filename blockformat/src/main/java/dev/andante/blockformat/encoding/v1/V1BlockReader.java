package dev.andante.blockformat.encoding.v1;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.NotFoundException;
import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.encoding.BlockCache;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.CorruptBlockException;
import dev.andante.blockformat.trace.Trace;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.RecordReader;

/**
 * Reads a v1 block. A lookup goes meta.json's ID range → the block's trace-ID fingerprints (or, for
 * blocks written before them, one bloom shard) → the file's tail (footer and page indexes; its row
 * groups' trace-ID ranges stand in for the index object) → the one row group whose ID range holds
 * the trace, fetched with one ranged GET. Fingerprints, bloom shards and the tail are kept in a
 * {@link BlockCache}, so a querier's warm lookup reads only the row group, and a missing trace
 * nothing. Inside it, the trace_id column
 * index names the one page that may hold the ID; decoding that page gives the row, and only that
 * row is assembled (other rows of its pages are skipped, not built). Thread safe.
 */
final class V1BlockReader implements BlockReader {
  /**
   * Options for one lookup. Rows are selected by explicit row ranges (see {@link RowLocator}), so no
   * filter is needed. Built per lookup, never shared: the options own a codec factory whose pool a
   * reader's close() releases, and that pool is not thread safe.
   */
  private static ParquetReadOptions findOptions() {
    return ParquetReadOptions.builder(BlockFiles.CONF)
        .useColumnIndexFilter(true)
        .useStatsFilter(false)
        .useDictionaryFilter(false)
        .useBloomFilter(false)
        .useRecordFilter(false)
        .build();
  }

  private final BlockMeta meta;
  private final TraceId minId;
  private final TraceId maxId;
  private final BlockFiles files;

  V1BlockReader(ObjectStore store, BlockMeta meta, BlockCache cache) {
    this.meta = meta;
    this.minId = meta.minTraceId();
    this.maxId = meta.maxTraceId();
    this.files = new BlockFiles(store, meta, cache);
  }

  @Override
  public BlockMeta meta() {
    return meta;
  }

  @Override
  public Optional<Trace> find(TraceId id) {
    if (id == null) {
      throw new IllegalArgumentException("id must not be null");
    }
    if (id.compareTo(minId) < 0 || id.compareTo(maxId) > 0) {
      return Optional.empty();
    }
    byte[] idBytes = id.bytes();
    try {
      if (!mightContain(idBytes)) {
        return Optional.empty();
      }
      BlockFiles.Tail tail = files.tail();
      int group = tail.groups().find(idBytes);
      if (group < 0) {
        return Optional.empty();
      }
      RowGroupIndex.Entry entry = tail.groups().entries().get(group);
      byte[] bytes = files.store().readRange(files.dataKey(), entry.offset(), Math.toIntExact(entry.length()));
      return readRow(tail, group, new RangedInputFile.Range(entry.offset(), bytes), id);
    } catch (NotFoundException e) {
      // Deleted meanwhile (compacted away): the trace lives in another block now.
      return Optional.empty();
    } catch (BackendException | CorruptBlockException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw files.corrupt("trace " + id + ": " + e, e);
    }
  }

  @Override
  public void prepare() {
    try {
      if (files.fingerprints().isEmpty()) {
        for (int shard = 0; shard < meta.bloomShards(); shard++) {
          files.bloom(shard);
        }
      }
    } catch (NotFoundException e) {
      // Deleted meanwhile: nothing to prepare.
    }
  }

  private boolean mightContain(byte[] id) {
    Optional<TraceFingerprints> fingerprints = files.fingerprints();
    if (fingerprints.isPresent()) {
      return fingerprints.get().mightContain(id);
    }
    return BloomShards.mightContain(files.bloom(BloomShards.shardOf(id, meta.bloomShards())), id);
  }

  private Optional<Trace> readRow(BlockFiles.Tail tail, int group, RangedInputFile.Range rows, TraceId id)
      throws IOException {
    BlockMetaData block = tail.footer().getBlocks().get(group);
    ParquetMetadata oneGroup = new ParquetMetadata(tail.footer().getFileMetaData(), List.of(block));
    RangedInputFile file = new RangedInputFile(files.store(), files.dataKey(), meta.size(), List.of(rows, tail.range()));
    try (ParquetFileReader reader = new ParquetFileReader(file, oneGroup, findOptions(), file.newStream())) {
      long row = RowLocator.locate(reader, block.getRowCount(), id.bytes());
      if (row < 0) {
        return Optional.empty();
      }
      reader.setRequestedSchema(tail.footer().getFileMetaData().getSchema());
      PageReadStore pages = reader.readFilteredRowGroup(0, RowLocator.single(block.getRowCount(), row));
      RecordReader<Trace> records = tail.columnIO().getRecordReader(pages, new TraceMaterializer(id));
      Trace trace = records.read();
      if (trace == null) {
        throw new IOException("row " + row + " of row group " + group + " does not hold trace " + id);
      }
      return Optional.of(trace);
    }
  }

  @Override
  public TraceIterator iterator() {
    return new V1TraceIterator(files);
  }
}
