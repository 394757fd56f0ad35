package dev.andante.benchmarks.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Command-line flags {@code --name value} or {@code --name=value}. */
final class Args {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private final Map<String, String> values;

  private Args(Map<String, String> values) {
    this.values = values;
  }

  static Args parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("Cannot parse arguments: expected --name, got '" + arg + "'");
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        values.put(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        values.put(arg.substring(2), args[++i]);
      } else {
        values.put(arg.substring(2), "true");
      }
    }
    return new Args(values);
  }

  Map<String, String> values() {
    return values;
  }

  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("Cannot parse arguments: --" + name + " is required");
    }
    return value;
  }

  int integer(String name, int fallback) {
    String value = values.get(name);
    try {
      return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Cannot parse arguments: --" + name + " must be an integer, got '" + value + "'");
    }
  }

  boolean flag(String name) {
    return Boolean.parseBoolean(values.getOrDefault(name, "false"));
  }

  Duration duration(String name, String fallback) {
    return parseDuration(name, values.getOrDefault(name, fallback));
  }

  /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
  static Duration parseDuration(String name, String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("Cannot parse arguments: --" + name + " must be a duration like 30s or 2m, got '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
