package dev.andante.benchmarks.s3;

import java.util.Arrays;

/** Summary of a list of measurements: mean, max and nearest-rank percentiles. */
record Distribution(int count, double mean, long p50, long p99, long max) {

  static Distribution of(long[] values) {
    if (values.length == 0) {
      return new Distribution(0, 0, 0, 0, 0);
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    return new Distribution(
        sorted.length, sum / sorted.length, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]);
  }

  /** Nearest rank: the smallest value with at least {@code p} percent of values at or below it. */
  private static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
