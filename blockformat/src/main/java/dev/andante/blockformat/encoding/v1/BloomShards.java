package dev.andante.blockformat.encoding.v1;

import dev.andante.blockformat.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.io.api.Binary;

/**
 * The block's trace-ID bloom filter, split into shards ({@code bloom-N}) so that a lookup reads one
 * small object. The shard of a trace is {@code fnv1_32(id) mod shards} (unsigned), as in Tempo. Each
 * shard is a Parquet split-block bloom filter, stored as its bare bitset, sized for the traces that
 * actually fall into it.
 */
final class BloomShards {
  private static final int MAX_SHARDS = 1 << 16;

  private BloomShards() {}

  static int shardOf(byte[] id, int shards) {
    return Integer.remainderUnsigned(Hashing.fnv1_32(id), shards);
  }

  /**
   * The serialized shards for the {@code count} IDs in {@code ids} (16 bytes each, back to back):
   * as few as possible with each at most {@code maxShardBytes}, sized for {@code fpp}.
   */
  static byte[][] build(byte[] ids, int count, double fpp, int maxShardBytes) {
    int[] hashes = new int[count];
    byte[] id = new byte[16];
    for (int i = 0; i < count; i++) {
      System.arraycopy(ids, 16 * i, id, 0, 16);
      hashes[i] = Hashing.fnv1_32(id);
    }
    // Bitsets are powers of two: a shard can use only the largest one within the bound.
    long usable = Integer.highestOneBit(maxShardBytes);
    int shards = Math.max(1, (int) Math.min(MAX_SHARDS, (bitsetBytes(count, fpp) + usable - 1) / usable));
    int[] counts = countPerShard(hashes, shards);
    while (shards < MAX_SHARDS && maxBitset(counts, fpp) > maxShardBytes) {
      shards++;
      counts = countPerShard(hashes, shards);
    }
    BlockSplitBloomFilter[] filters = new BlockSplitBloomFilter[shards];
    for (int s = 0; s < shards; s++) {
      filters[s] = new BlockSplitBloomFilter(bitsetBytes(counts[s], fpp));
    }
    for (int i = 0; i < count; i++) {
      BlockSplitBloomFilter filter = filters[Integer.remainderUnsigned(hashes[i], shards)];
      filter.insertHash(filter.hash(Binary.fromConstantByteArray(ids, 16 * i, 16)));
    }
    byte[][] out = new byte[shards][];
    for (int s = 0; s < shards; s++) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(filters[s].getBitsetSize());
      try {
        filters[s].writeTo(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out[s] = bytes.toByteArray();
    }
    return out;
  }

  /** A shard read back; {@code bitset} must be what {@link #build} produced. */
  static BloomFilter parse(byte[] bitset) {
    int n = bitset.length;
    if (n < BlockSplitBloomFilter.LOWER_BOUND_BYTES || n > BlockSplitBloomFilter.UPPER_BOUND_BYTES || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("bloom shard of " + n + " bytes is not a split-block bloom filter");
    }
    return new BlockSplitBloomFilter(bitset);
  }

  /**
   * Thread safe: {@link BlockSplitBloomFilter} computes hashes and probe masks in fields of the
   * filter, so concurrent lookups on one shard could otherwise see each other's mask and answer a
   * false "absent".
   */
  static boolean mightContain(BloomFilter filter, byte[] id) {
    synchronized (filter) {
      return filter.findHash(filter.hash(Binary.fromConstantByteArray(id)));
    }
  }

  /** Bytes of the bitset {@link BlockSplitBloomFilter} allocates for {@code n} items at {@code fpp}. */
  static int bitsetBytes(long n, double fpp) {
    int bytes = BlockSplitBloomFilter.optimalNumOfBits(Math.max(1, n), fpp) / 8;
    bytes = Math.max(BlockSplitBloomFilter.LOWER_BOUND_BYTES, Math.min(bytes, BlockSplitBloomFilter.UPPER_BOUND_BYTES));
    return Integer.bitCount(bytes) == 1 ? bytes : Integer.highestOneBit(bytes) << 1;
  }

  private static int[] countPerShard(int[] hashes, int shards) {
    int[] counts = new int[shards];
    for (int h : hashes) {
      counts[Integer.remainderUnsigned(h, shards)]++;
    }
    return counts;
  }

  private static int maxBitset(int[] counts, double fpp) {
    int max = 0;
    for (int c : counts) {
      max = Math.max(max, bitsetBytes(c, fpp));
    }
    return max;
  }
}
