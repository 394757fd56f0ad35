package dev.andante.querier.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Observations counted into cumulative buckets, with their sum and count. */
public final class Histogram extends Metric {
  private final double[] bounds;
  private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

  Histogram(String name, String help, double[] buckets, List<String> labelNames) {
    super(name, help, labelNames);
    if (buckets == null || buckets.length == 0) {
      throw new IllegalArgumentException("buckets must not be empty");
    }
    for (int i = 1; i < buckets.length; i++) {
      if (!(buckets[i] > buckets[i - 1])) {
        throw new IllegalArgumentException("buckets must increase, got " + Arrays.toString(buckets));
      }
    }
    this.bounds = buckets.clone();
  }

  public void observe(double value, String... labelValues) {
    Series s = series.computeIfAbsent(labels(labelValues), k -> new Series(bounds.length));
    for (int i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        s.buckets[i].increment();
        break;
      }
    }
    s.sum.add(value);
    s.count.increment();
  }

  /** Observations so far for these label values. */
  public long count(String... labelValues) {
    Series s = series.get(labels(labelValues));
    return s == null ? 0 : s.count.sum();
  }

  /** Sum of the observations so far for these label values. */
  public double sum(String... labelValues) {
    Series s = series.get(labels(labelValues));
    return s == null ? 0 : s.sum.sum();
  }

  @Override
  String type() {
    return "histogram";
  }

  @Override
  void writeSamples(StringBuilder out) {
    for (Map.Entry<List<String>, Series> e : series.entrySet()) {
      Series s = e.getValue();
      long count = s.count.sum();
      long cumulative = 0;
      for (int i = 0; i < bounds.length; i++) {
        cumulative += s.buckets[i].sum();
        out.append(name()).append("_bucket");
        appendLabels(out, e.getKey(), "le", format(bounds[i]));
        out.append(' ').append(cumulative).append('\n');
      }
      out.append(name()).append("_bucket");
      appendLabels(out, e.getKey(), "le", "+Inf");
      out.append(' ').append(Math.max(count, cumulative)).append('\n');
      out.append(name()).append("_sum");
      appendLabels(out, e.getKey(), null, null);
      out.append(' ').append(format(s.sum.sum())).append('\n');
      out.append(name()).append("_count");
      appendLabels(out, e.getKey(), null, null);
      out.append(' ').append(count).append('\n');
    }
  }

  private static final class Series {
    final LongAdder[] buckets;
    final DoubleAdder sum = new DoubleAdder();
    final LongAdder count = new LongAdder();

    Series(int n) {
      buckets = new LongAdder[n];
      for (int i = 0; i < n; i++) {
        buckets[i] = new LongAdder();
      }
    }
  }
}
