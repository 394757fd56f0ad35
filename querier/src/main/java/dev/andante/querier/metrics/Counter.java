package dev.andante.querier.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** A monotonically increasing count, one per combination of label values. */
public final class Counter extends Metric {
  private final Map<List<String>, LongAdder> values = new ConcurrentHashMap<>();

  Counter(String name, String help, List<String> labelNames) {
    super(name, help, labelNames);
    if (labelNames.isEmpty()) {
      values.put(List.of(), new LongAdder()); // scraped as 0 before the first increment
    }
  }

  public void inc(String... labelValues) {
    add(1, labelValues);
  }

  public void add(long amount, String... labelValues) {
    if (amount < 0) {
      throw new IllegalArgumentException("amount must not be negative, got " + amount);
    }
    values.computeIfAbsent(labels(labelValues), k -> new LongAdder()).add(amount);
  }

  /** The current count for these label values; 0 if never incremented. */
  public long value(String... labelValues) {
    LongAdder v = values.get(labels(labelValues));
    return v == null ? 0 : v.sum();
  }

  @Override
  String type() {
    return "counter";
  }

  @Override
  void writeSamples(StringBuilder out) {
    Map<String, Long> sorted = new TreeMap<>();
    for (Map.Entry<List<String>, LongAdder> e : values.entrySet()) {
      StringBuilder line = new StringBuilder(name());
      appendLabels(line, e.getKey(), null, null);
      sorted.put(line.toString(), e.getValue().sum());
    }
    sorted.forEach((series, v) -> out.append(series).append(' ').append(v).append('\n'));
  }
}
