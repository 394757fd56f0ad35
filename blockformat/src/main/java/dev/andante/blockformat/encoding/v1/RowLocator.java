package dev.andante.blockformat.encoding.v1;

import dev.andante.blockformat.TraceId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore;
import org.apache.parquet.internal.filter2.columnindex.RowRanges;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

/**
 * Finds the row of a trace inside one row group without decoding any other column: the trace_id
 * column index (rows are sorted, so pages are disjoint ID ranges) names the one page that may hold
 * it, and decoding that page alone gives the row's position. Reading then needs only that one row.
 */
final class RowLocator {
  private static final ColumnPath TRACE_ID = ColumnPath.get(Schema.TRACE_ID);
  static final MessageType ID_ONLY =
      new MessageType(Schema.MESSAGE.getName(), Schema.MESSAGE.getType(Schema.R_TRACE_ID));
  private static final MessageColumnIO ID_COLUMN_IO = new ColumnIOFactory().getColumnIO(ID_ONLY);

  private RowLocator() {}

  /** The row of {@code id} in the reader's only row group, or -1 if it is not there. */
  static long locate(ParquetFileReader reader, long rowCount, byte[] id) throws IOException {
    ColumnIndexStore indexes = reader.getColumnIndexStore(0);
    ColumnIndex columnIndex = indexes.getColumnIndex(TRACE_ID);
    OffsetIndex offsetIndex = indexes.getOffsetIndex(TRACE_ID);
    if (columnIndex == null) {
      throw new IOException("trace_id has no column index");
    }
    int page = pageOf(columnIndex, id);
    if (page < 0) {
      return -1;
    }
    reader.setRequestedSchema(ID_ONLY);
    PageReadStore pages = reader.readFilteredRowGroup(0, RowRanges.create(rowCount, IntStream.of(page).iterator(), offsetIndex));
    IdCapture capture = new IdCapture();
    RecordReader<Binary> records = ID_COLUMN_IO.getRecordReader(pages, capture);
    Binary wanted = Binary.fromConstantByteArray(id);
    for (long i = 0, n = pages.getRowCount(); i < n; i++) {
      Binary value = records.read();
      int c = value.compareTo(wanted);
      if (c == 0) {
        return offsetIndex.getFirstRowIndex(page) + i;
      }
      if (c > 0) {
        break;
      }
    }
    return -1;
  }

  /** Row ranges of exactly {@code row}. */
  static RowRanges single(long rowCount, long row) {
    return RowRanges.create(rowCount, IntStream.of(0).iterator(), new OneRow(row));
  }

  private static int pageOf(ColumnIndex columnIndex, byte[] id) {
    List<ByteBuffer> mins = columnIndex.getMinValues();
    List<ByteBuffer> maxes = columnIndex.getMaxValues();
    ByteBuffer key = ByteBuffer.wrap(id);
    int lo = 0;
    int hi = mins.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (compareUnsigned(maxes.get(mid), key) < 0) {
        lo = mid + 1;
      } else if (compareUnsigned(key, mins.get(mid)) < 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  private static int compareUnsigned(ByteBuffer a, ByteBuffer b) {
    int n = Math.min(a.remaining(), b.remaining());
    for (int i = 0; i < n; i++) {
      int c = Integer.compare(a.get(a.position() + i) & 0xFF, b.get(b.position() + i) & 0xFF);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.remaining(), b.remaining());
  }

  /** An offset index of one "page" holding only {@code row}, to select that row. */
  private record OneRow(long row) implements OffsetIndex {
    @Override
    public int getPageCount() {
      return 1;
    }

    @Override
    public long getOffset(int pageIndex) {
      return 0;
    }

    @Override
    public int getCompressedPageSize(int pageIndex) {
      return 0;
    }

    @Override
    public long getFirstRowIndex(int pageIndex) {
      return row;
    }

    @Override
    public long getLastRowIndex(int pageIndex, long rowGroupRowCount) {
      return row;
    }
  }

  private static final class IdCapture extends RecordMaterializer<Binary> {
    private Binary current;
    private final PrimitiveConverter id =
        new PrimitiveConverter() {
          @Override
          public void addBinary(Binary value) {
            current = value;
          }
        };
    private final GroupConverter root =
        new GroupConverter() {
          @Override
          public Converter getConverter(int fieldIndex) {
            return id;
          }

          @Override
          public void start() {}

          @Override
          public void end() {}
        };

    @Override
    public Binary getCurrentRecord() {
      return current;
    }

    @Override
    public GroupConverter getRootConverter() {
      return root;
    }
  }
}
