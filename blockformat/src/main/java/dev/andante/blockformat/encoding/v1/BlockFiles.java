package dev.andante.blockformat.encoding.v1;

import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.NotFoundException;
import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.encoding.BlockCache;
import dev.andante.blockformat.encoding.CorruptBlockException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.schema.MessageType;

/**
 * The small objects of one block that a reader fetches and keeps: fingerprints, bloom shards and
 * the tail of data.parquet (column and offset indexes, footer) in a {@link BlockCache} (shared by
 * the readers of a querier, bounded by bytes; fetched again after eviction), and the index, which
 * only the iterator uses, in the reader. Blocks are immutable, so nothing here is ever stale.
 * Thread safe.
 */
final class BlockFiles {
  static final PlainParquetConfiguration CONF = new PlainParquetConfiguration();

  /**
   * The tail of data.parquet, the footer parsed from it, and the row groups' trace-ID and byte
   * ranges read from the footer (the same as the index object's, so a lookup need not fetch that).
   */
  record Tail(RangedInputFile.Range range, ParquetMetadata footer, MessageColumnIO columnIO, RowGroupIndex groups) {}

  /** Every v1 file has the same schema: one column IO (thread safe to read with) serves them all. */
  private static final ConcurrentHashMap<MessageType, MessageColumnIO> COLUMN_IOS = new ConcurrentHashMap<>();
  /**
   * Heap of a kept tail per byte of it: the bytes plus the parsed footer. Measured ~6.5 with
   * TraceByIdScaleBenchmark (a 12.6 KB tail of 2 row groups held ~80 KiB).
   */
  private static final int TAIL_HEAP_PER_BYTE = 7;
  private static final String TAIL = "data.parquet tail";

  private final ObjectStore store;
  private final BlockMeta meta;
  private final String dataKey;
  private final BlockCache cache;
  private volatile RowGroupIndex index;

  BlockFiles(ObjectStore store, BlockMeta meta, BlockCache cache) {
    this.store = store;
    this.meta = meta;
    this.cache = cache;
    this.dataKey = BlockKeys.key(meta.tenant(), meta.blockId(), BlockKeys.DATA);
  }

  private BlockCache.Key key(String name) {
    return new BlockCache.Key(meta.tenantId(), meta.blockId(), name);
  }

  String dataKey() {
    return dataKey;
  }

  ObjectStore store() {
    return store;
  }

  BloomFilter bloom(int shard) {
    return cache.get(
        key(BlockKeys.BLOOM_PREFIX + shard),
        () -> {
          byte[] bytes = store.read(BlockKeys.bloom(meta.tenant(), meta.blockId(), shard));
          try {
            return BloomShards.parse(bytes);
          } catch (IllegalArgumentException e) {
            throw corrupt("bloom-" + shard + ": " + e.getMessage(), e);
          }
        },
        bloom -> 64L + bloom.getBitsetSize());
  }

  /**
   * The block's trace-ID fingerprints, or empty for a block written before they were (then the
   * bloom shards answer instead). The absence is kept too, so it costs one GET.
   */
  Optional<TraceFingerprints> fingerprints() {
    return cache.get(
        key(BlockKeys.FINGERPRINTS),
        () -> {
          byte[] bytes;
          try {
            bytes = store.read(BlockKeys.key(meta.tenant(), meta.blockId(), BlockKeys.FINGERPRINTS));
          } catch (NotFoundException e) {
            return Optional.empty();
          }
          try {
            TraceFingerprints parsed = TraceFingerprints.parse(bytes);
            if (parsed.count() != meta.totalObjects()) {
              throw new IllegalArgumentException(
                  "fingerprints hold " + parsed.count() + " traces, meta.json says " + meta.totalObjects());
            }
            return Optional.of(parsed);
          } catch (IllegalArgumentException e) {
            throw corrupt("fingerprints: " + e.getMessage(), e);
          }
        },
        fps -> 32L + fps.map(TraceFingerprints::heldBytes).orElse(0L));
  }

  RowGroupIndex index() {
    RowGroupIndex result = index;
    if (result == null) {
      synchronized (this) {
        result = index;
        if (result == null) {
          result = parseIndex(store.read(BlockKeys.key(meta.tenant(), meta.blockId(), BlockKeys.INDEX)));
          index = result;
        }
      }
    }
    return result;
  }

  Tail tail() {
    return cache.get(key(TAIL), this::readTail, t -> (long) TAIL_HEAP_PER_BYTE * t.range().bytes().length);
  }

  private RowGroupIndex parseIndex(byte[] bytes) {
    try {
      RowGroupIndex parsed = RowGroupIndex.parse(bytes);
      if (parsed.entries().size() != meta.rowGroups()) {
        throw new IllegalArgumentException(
            "index has " + parsed.entries().size() + " row groups, meta.json says " + meta.rowGroups());
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      throw corrupt("index: " + e.getMessage(), e);
    }
  }

  private Tail readTail() {
    long offset = meta.footerOffset();
    if (offset <= 0 || offset >= meta.size() || meta.size() - offset > Integer.MAX_VALUE) {
      throw corrupt("meta.json has footerOffset " + offset + " for data of " + meta.size() + " bytes", null);
    }
    byte[] bytes = store.readRange(dataKey, offset, (int) (meta.size() - offset));
    RangedInputFile.Range range = new RangedInputFile.Range(offset, bytes);
    RangedInputFile file = new RangedInputFile(store, dataKey, meta.size(), List.of(range));
    try {
      ParquetMetadata footer = ParquetFileReader.readFooter(file, ParquetReadOptions.builder(CONF).build(), file.newStream());
      if (footer.getBlocks().size() != meta.rowGroups()) {
        throw corrupt("data.parquet has " + footer.getBlocks().size() + " row groups, meta.json says " + meta.rowGroups(), null);
      }
      MessageColumnIO columnIO =
          COLUMN_IOS.computeIfAbsent(footer.getFileMetaData().getSchema(), schema -> new ColumnIOFactory().getColumnIO(schema));
      return new Tail(range, footer, columnIO, groups(footer));
    } catch (IOException | RuntimeException e) {
      if (e instanceof CorruptBlockException c) {
        throw c;
      }
      throw corrupt("data.parquet footer: " + e.getMessage(), e);
    }
  }

  /** Row-group ranges from the footer: trace_id statistics and the column chunks' byte range. */
  private RowGroupIndex groups(ParquetMetadata footer) {
    List<RowGroupIndex.Entry> entries = new ArrayList<>(footer.getBlocks().size());
    for (BlockMetaData group : footer.getBlocks()) {
      long start = Long.MAX_VALUE;
      long end = 0;
      Statistics<?> ids = null;
      for (ColumnChunkMetaData column : group.getColumns()) {
        start = Math.min(start, column.getStartingPos());
        end = Math.max(end, column.getStartingPos() + column.getTotalSize());
        if (column.getPath().toDotString().equals(Schema.TRACE_ID)) {
          ids = column.getStatistics();
        }
      }
      if (ids == null || !ids.hasNonNullValue()) {
        throw corrupt("data.parquet has no trace_id statistics for a row group", null);
      }
      entries.add(new RowGroupIndex.Entry(ids.getMinBytes(), ids.getMaxBytes(), start, end - start, group.getRowCount()));
    }
    return new RowGroupIndex(entries);
  }

  CorruptBlockException corrupt(String reason, Throwable cause) {
    return new CorruptBlockException(
        "Cannot read block: " + reason + " (block " + meta.tenantId() + "/" + meta.blockId() + ")", cause);
  }
}
