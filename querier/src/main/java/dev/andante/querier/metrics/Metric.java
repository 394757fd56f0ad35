package dev.andante.querier.metrics;

import java.util.List;

/** A named metric with labels, able to write its samples in the Prometheus text format. */
abstract class Metric {
  private final String name;
  private final String help;
  private final List<String> labelNames;

  Metric(String name, String help, List<String> labelNames) {
    this.name = name;
    this.help = help == null ? "" : help;
    this.labelNames = labelNames;
  }

  final String name() {
    return name;
  }

  final String help() {
    return help;
  }

  abstract String type();

  abstract void writeSamples(StringBuilder out);

  /** Checks that {@code values} match the label names and returns them as an immutable key. */
  final List<String> labels(String... values) {
    if (values.length != labelNames.size()) {
      throw new IllegalArgumentException(
          name + " takes " + labelNames.size() + " label values " + labelNames + ", got " + values.length);
    }
    for (String v : values) {
      if (v == null) {
        throw new IllegalArgumentException(name + " label values must not be null");
      }
    }
    return List.of(values);
  }

  /** Appends {@code {a="1",b="2"}} (plus an extra label when given), or nothing without labels. */
  final void appendLabels(StringBuilder out, List<String> values, String extraName, String extraValue) {
    if (values.isEmpty() && extraName == null) {
      return;
    }
    out.append('{');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      appendLabel(out, labelNames.get(i), values.get(i));
    }
    if (extraName != null) {
      if (!values.isEmpty()) {
        out.append(',');
      }
      appendLabel(out, extraName, extraValue);
    }
    out.append('}');
  }

  private static void appendLabel(StringBuilder out, String label, String value) {
    out.append(label).append("=\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    out.append('"');
  }

  static String format(double v) {
    if (v == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
