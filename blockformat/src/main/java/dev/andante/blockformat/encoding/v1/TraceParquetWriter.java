package dev.andante.blockformat.encoding.v1;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/** Opens the Parquet writer of a v1 data file, with its encodings, on a local file. */
final class TraceParquetWriter {
  /**
   * Rows per page. Narrow pages let a lookup decode only a few hundred rows of each column (the
   * column index finds the page of the trace); wider ones compress a little better.
   */
  static final int PAGE_ROW_LIMIT = 200;

  /**
   * Traces per row group, at most. A lookup fetches its trace's whole row group with one GET, so
   * this bounds the bytes read per lookup (about 0.6 MB of OTel-demo-like traces) whatever the
   * configured row-group byte size, which stays the upper bound for traces of many spans. Fewer
   * rows per group make the file's tail (a footer entry per column chunk) grow: 1,000 rows cost
   * about 6 KB of tail per row group, ~0.3 MB per million spans.
   */
  static final int ROW_GROUP_ROWS = 1000;

  static final int ZSTD_LEVEL = 3;

  private TraceParquetWriter() {}

  static ParquetWriter<TraceRow> open(Path file, long rowGroupSizeBytes) throws IOException {
    PlainParquetConfiguration conf = new PlainParquetConfiguration();
    conf.setInt("parquet.compression.codec.zstd.level", ZSTD_LEVEL);
    Builder builder =
        new Builder(file)
            .withConf(conf)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withCompressionCodec(CompressionCodecName.ZSTD)
            // v1 data pages compress the repetition and definition levels with the values; v2
            // pages keep them raw, which cost ~20 bytes/span over 36 columns of nested spans.
            .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
            // Statistics and column indexes only where a reader filters on them: trace_id. The
            // rest only bloated the file's tail (footer and page indexes), which readers cache.
            .withStatisticsEnabled(false)
            .withStatisticsEnabled(Schema.TRACE_ID, true)
            .withSizeStatisticsEnabled(false)
            .withRowGroupSize(rowGroupSizeBytes)
            .withRowGroupRowCountLimit(ROW_GROUP_ROWS)
            .withPageRowCountLimit(PAGE_ROW_LIMIT)
            .withDictionaryEncoding(true)
            .withValidation(false);
    for (String column : Schema.NO_DICTIONARY) {
      builder.withDictionaryEncoding(column, false);
    }
    return builder.build();
  }

  private static final class Builder extends ParquetWriter.Builder<TraceRow, Builder> {
    Builder(Path file) {
      super(new LocalOutputFile(file));
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<TraceRow> getWriteSupport(Configuration conf) {
      return new TraceWriteSupport();
    }

    @Override
    protected WriteSupport<TraceRow> getWriteSupport(ParquetConfiguration conf) {
      return new TraceWriteSupport();
    }
  }
}
