package dev.andante.querier.metrics;

import java.util.List;
import java.util.function.DoubleSupplier;

/** A value read when scraped, e.g. the number of blocks in the blocklist. The supplier must be quick. */
public final class Gauge extends Metric {
  private final DoubleSupplier value;

  Gauge(String name, String help, DoubleSupplier value) {
    super(name, help, List.of());
    if (value == null) {
      throw new IllegalArgumentException("value must not be null");
    }
    this.value = value;
  }

  public double value() {
    return value.getAsDouble();
  }

  @Override
  String type() {
    return "gauge";
  }

  @Override
  void writeSamples(StringBuilder out) {
    out.append(name()).append(' ').append(format(value())).append('\n');
  }
}
