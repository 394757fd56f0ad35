package dev.andante.blockformat.encoding.v1;

import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.CorruptBlockException;
import dev.andante.blockformat.trace.Trace;
import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.RecordReader;

/**
 * Every trace of a v1 block in trace-ID order. Fetches one row group at a time with one ranged GET
 * and holds only that one in memory. Not thread safe.
 */
final class V1TraceIterator implements BlockReader.TraceIterator {
  private final BlockFiles files;
  private int nextGroup;
  private RecordReader<Trace> records;
  private long remaining;
  private boolean closed;

  V1TraceIterator(BlockFiles files) {
    this.files = files;
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    while (remaining == 0) {
      if (nextGroup >= files.index().entries().size()) {
        return false;
      }
      openGroup(nextGroup++);
    }
    return true;
  }

  @Override
  public Trace next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more traces in the block");
    }
    remaining--;
    try {
      Trace trace = records.read();
      if (trace == null) {
        throw files.corrupt("a row of data.parquet could not be read", null);
      }
      return trace;
    } catch (BackendException | CorruptBlockException e) {
      throw e;
    } catch (RuntimeException e) {
      throw files.corrupt("data.parquet: " + e, e);
    }
  }

  private void openGroup(int group) {
    BlockFiles.Tail tail = files.tail();
    RowGroupIndex.Entry entry = files.index().entries().get(group);
    byte[] bytes = files.store().readRange(files.dataKey(), entry.offset(), Math.toIntExact(entry.length()));
    RangedInputFile file =
        new RangedInputFile(
            files.store(),
            files.dataKey(),
            files.tail().range().end(),
            List.of(new RangedInputFile.Range(entry.offset(), bytes), tail.range()));
    ParquetMetadata oneGroup =
        new ParquetMetadata(tail.footer().getFileMetaData(), List.of(tail.footer().getBlocks().get(group)));
    try (ParquetFileReader reader =
        new ParquetFileReader(file, oneGroup, ParquetReadOptions.builder(BlockFiles.CONF).build(), file.newStream())) {
      PageReadStore pages = reader.readRowGroup(0);
      records = tail.columnIO().getRecordReader(pages, new TraceMaterializer(null));
      remaining = pages.getRowCount();
    } catch (IOException | RuntimeException e) {
      if (e instanceof BackendException b) {
        throw b;
      }
      throw files.corrupt("row group " + group + " of data.parquet: " + e, e);
    }
  }

  @Override
  public void close() {
    closed = true;
    records = null;
  }
}
