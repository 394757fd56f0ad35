package dev.andante.compactor.retention;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Go-style durations as Tempo's YAML uses them: {@code 336h}, {@code 1h30m}, {@code 90s}. */
final class GoDurations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d)");

  private GoDurations() {}

  /** @throws IllegalArgumentException naming {@code key} when {@code value} is no duration */
  static Duration parse(Object value, String key) {
    String s = String.valueOf(value).trim();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(s);
    double nanos = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      nanos += Double.parseDouble(m.group(1)) * switch (m.group(2)) {
        case "ns" -> 1;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        case "h" -> 3600e9;
        default -> 86400e9;
      };
      end = m.end();
    }
    if (end == 0 || end != s.length()) {
      throw new IllegalArgumentException(key + " must be a duration such as 336h or 90m, got '" + value + "'");
    }
    return Duration.ofNanos((long) nanos);
  }
}
