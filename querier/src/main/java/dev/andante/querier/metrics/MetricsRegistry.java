package dev.andante.querier.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A small registry of counters and histograms, scraped in the Prometheus text exposition format
 * (version 0.0.4). Thread safe; recording is lock-free.
 */
public final class MetricsRegistry {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Map<String, Metric> metrics = new ConcurrentHashMap<>();
  private final List<Metric> ordered = new ArrayList<>();
  private final List<Supplier<String>> included = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Appends what {@code exposition} renders, already in the Prometheus text format, to every scrape:
   * the metrics of another role of the same process (the ingester's). It must be quick and thread safe.
   */
  public void include(Supplier<String> exposition) {
    if (exposition == null) {
      throw new IllegalArgumentException("exposition must not be null");
    }
    included.add(exposition);
  }

  /** A counter; asking twice for the same name returns the same counter. */
  public synchronized Counter counter(String name, String help, String... labelNames) {
    return register(name, () -> new Counter(name, help, checkLabels(labelNames)), Counter.class);
  }

  /**
   * A histogram with the given upper bucket bounds (increasing; {@code +Inf} is added); asking twice
   * for the same name returns the same histogram.
   */
  public synchronized Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
    return register(name, () -> new Histogram(name, help, buckets, checkLabels(labelNames)), Histogram.class);
  }

  /** A gauge read from {@code value} at every scrape; asking twice for the same name returns the first. */
  public synchronized Gauge gauge(String name, String help, DoubleSupplier value) {
    return register(name, () -> new Gauge(name, help, value), Gauge.class);
  }

  /** Every metric in the Prometheus text format, in registration order. */
  public String scrape() {
    List<Metric> snapshot;
    synchronized (this) {
      snapshot = List.copyOf(ordered);
    }
    StringBuilder out = new StringBuilder(256 * snapshot.size());
    for (Metric m : snapshot) {
      out.append("# HELP ").append(m.name()).append(' ').append(escapeHelp(m.help())).append('\n');
      out.append("# TYPE ").append(m.name()).append(' ').append(m.type()).append('\n');
      m.writeSamples(out);
    }
    for (Supplier<String> other : included) {
      out.append(other.get());
    }
    return out.toString();
  }

  private <T extends Metric> T register(String name, Supplier<T> create, Class<T> type) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must be a Prometheus metric name, got '" + name + "'");
    }
    Metric existing = metrics.get(name);
    if (existing != null) {
      if (!type.isInstance(existing)) {
        throw new IllegalArgumentException(
            "Cannot register " + name + ": already registered as a " + existing.type());
      }
      return type.cast(existing);
    }
    T created = create.get();
    metrics.put(name, created);
    ordered.add(created);
    return created;
  }

  private static List<String> checkLabels(String[] labelNames) {
    for (String label : labelNames) {
      if (label == null || !LABEL.matcher(label).matches() || label.equals("le")) {
        throw new IllegalArgumentException("labelNames must be Prometheus label names, got '" + label + "'");
      }
    }
    return List.of(labelNames);
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
