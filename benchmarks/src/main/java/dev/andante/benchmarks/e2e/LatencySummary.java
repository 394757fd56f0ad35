package dev.andante.benchmarks.e2e;

import java.util.Arrays;

/** Count and nearest-rank percentiles of latencies, in nanoseconds. */
record LatencySummary(int count, long p50, long p99, long max) {
  static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0);

  static LatencySummary of(long[] nanos) {
    if (nanos.length == 0) {
      return EMPTY;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new LatencySummary(sorted.length, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]);
  }

  /** Nearest rank: the smallest value with at least {@code p} percent of the values at or below it. */
  static long percentile(long[] sorted, double p) {
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("p must be in (0, 100], got " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  double p50Millis() {
    return p50 / 1e6;
  }

  double p99Millis() {
    return p99 / 1e6;
  }
}
