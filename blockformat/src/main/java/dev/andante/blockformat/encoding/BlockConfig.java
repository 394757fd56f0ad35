package dev.andante.blockformat.encoding;

/**
 * How blocks are encoded ({@code storage.trace.block}).
 *
 * @param bloomFalsePositive target false-positive rate of the trace-ID bloom filter, in (0, 1)
 * @param bloomShardSizeBytes upper bound of one bloom shard's size
 * @param rowGroupSizeBytes target size of a Parquet row group; smaller row groups make a lookup
 *     read fewer bytes, larger ones compress better
 */
public record BlockConfig(double bloomFalsePositive, int bloomShardSizeBytes, long rowGroupSizeBytes) {
  public static final double DEFAULT_BLOOM_FALSE_POSITIVE = 0.01;
  public static final int DEFAULT_BLOOM_SHARD_SIZE_BYTES = 100 * 1024;
  public static final long DEFAULT_ROW_GROUP_SIZE_BYTES = 8L * 1024 * 1024;

  public static final BlockConfig DEFAULT =
      new BlockConfig(DEFAULT_BLOOM_FALSE_POSITIVE, DEFAULT_BLOOM_SHARD_SIZE_BYTES, DEFAULT_ROW_GROUP_SIZE_BYTES);

  public BlockConfig {
    if (!(bloomFalsePositive > 0 && bloomFalsePositive < 1)) {
      throw new IllegalArgumentException(
          "bloom_filter_false_positive must be between 0 and 1 exclusive, got " + bloomFalsePositive);
    }
    if (bloomShardSizeBytes < 1024) {
      throw new IllegalArgumentException(
          "bloom_filter_shard_size_bytes must be at least 1024, got " + bloomShardSizeBytes);
    }
    if (rowGroupSizeBytes < 64 * 1024) {
      throw new IllegalArgumentException(
          "parquet_row_group_size_bytes must be at least 65536, got " + rowGroupSizeBytes);
    }
  }
}
