package dev.andante.benchmarks.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DistributionTest {
  @Test
  void percentilesAreNearestRank() {
    Distribution d = Distribution.of(LongStream.rangeClosed(1, 200).map(i -> 201 - i).toArray());

    assertThat(d.count()).isEqualTo(200);
    assertThat(d.p50()).isEqualTo(100);
    assertThat(d.p99()).isEqualTo(198);
    assertThat(d.max()).isEqualTo(200);
    assertThat(d.mean()).isEqualTo(100.5);
  }

  @Test
  void smallAndEmptySamples() {
    assertThat(Distribution.of(new long[] {7})).isEqualTo(new Distribution(1, 7, 7, 7, 7));
    assertThat(Distribution.of(new long[0]).count()).isZero();
  }
}
