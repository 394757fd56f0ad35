package dev.andante.blockformat.encoding.v1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.blockformat.TraceId;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.junit.jupiter.api.Test;

class BloomShardsTest {
  private static byte[] ids(SplittableRandom random, int n, Set<TraceId> into) {
    byte[] ids = new byte[16 * n];
    for (int i = 0; i < n; i++) {
      TraceId id = TraceId.of(random.nextLong(), random.nextLong());
      into.add(id);
      id.writeTo(ids, 16 * i);
    }
    return ids;
  }

  @Test
  void findsEveryIdAndFewOthers() {
    SplittableRandom random = new SplittableRandom(1);
    Set<TraceId> present = new HashSet<>();
    int n = 50_000;
    byte[] ids = ids(random, n, present);

    byte[][] shards = BloomShards.build(ids, n, 0.01, 16 * 1024);
    BloomFilter[] filters = new BloomFilter[shards.length];
    for (int s = 0; s < shards.length; s++) {
      assertThat(shards[s].length).isLessThanOrEqualTo(16 * 1024);
      filters[s] = BloomShards.parse(shards[s]);
    }
    assertThat(shards.length).isGreaterThan(1);
    for (TraceId id : present) {
      byte[] bytes = id.bytes();
      assertThat(BloomShards.mightContain(filters[BloomShards.shardOf(bytes, shards.length)], bytes)).isTrue();
    }
    int falsePositives = 0;
    int probes = 200_000;
    for (int i = 0; i < probes; i++) {
      byte[] bytes = TraceId.of(random.nextLong(), random.nextLong()).bytes();
      if (BloomShards.mightContain(filters[BloomShards.shardOf(bytes, shards.length)], bytes)) {
        falsePositives++;
      }
    }
    assertThat((double) falsePositives / probes).isLessThan(0.02);
  }

  @Test
  void usesOneShardWhenItFits() {
    Set<TraceId> present = new HashSet<>();
    byte[][] shards = BloomShards.build(ids(new SplittableRandom(2), 100, present), 100, 0.01, 100 * 1024);
    assertThat(shards).hasNumberOfRows(1);
  }
}
