package dev.andante.blockformat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written as Go's {@code time.ParseDuration} and Prometheus do: a sequence of
 * decimal numbers, each with a unit, such as {@code 300ms}, {@code 1m30s}, {@code 1.5h}, {@code
 * 336h} or {@code 2d}. Units: ns, us (µs), ms, s, m, h, and Prometheus's d and w. A bare {@code 0} is
 * zero.
 */
public final class Durations {
  public static final String EXAMPLE = "(e.g. 5s, 1m30s)";
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h|d|w)");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "μs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L,
          "d", 86_400_000_000_000L,
          "w", 604_800_000_000_000L);

  private Durations() {}

  /**
   * The duration {@code text} denotes.
   *
   * @throws IllegalArgumentException when {@code text} is no duration; the message quotes it
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("null is not a duration " + EXAMPLE);
    }
    String s = text.trim();
    boolean negative = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw notADuration(text);
    }
    Matcher m = PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int end = 0;
    while (end < s.length()) {
      if (!m.find(end) || m.start() != end) {
        throw notADuration(text);
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
      end = m.end();
    }
    try {
      long total = nanos.longValueExact();
      return Duration.ofNanos(negative ? -total : total);
    } catch (ArithmeticException e) {
      if (nanos.stripTrailingZeros().scale() > 0) {
        // Fractions of a nanosecond: round down, as Go does.
        long total = nanos.longValue();
        return Duration.ofNanos(negative ? -total : total);
      }
      throw new IllegalArgumentException("'" + text + "' is too long a duration");
    }
  }

  /** {@code d} in the shortest form {@link #parse} reads back, e.g. {@code 1m30s}, {@code 336h}. */
  /**
   * The duration {@code text} denotes, for the setting {@code key}.
   *
   * @throws IllegalArgumentException whose message starts with {@code key} and quotes {@code text}
   */
  public static Duration parse(String text, String key) {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    Duration rest = d;
    if (rest.isNegative()) {
      sb.append('-');
      rest = rest.negated();
    }
    long hours = rest.toHours();
    int minutes = rest.toMinutesPart();
    int seconds = rest.toSecondsPart();
    int nanos = rest.toNanosPart();
    if (hours > 0) {
      sb.append(hours).append('h');
    }
    if (minutes > 0) {
      sb.append(minutes).append('m');
    }
    if (nanos == 0) {
      if (seconds > 0) {
        sb.append(seconds).append('s');
      }
    } else if (seconds == 0 && nanos % 1_000_000 == 0) {
      sb.append(nanos / 1_000_000).append("ms");
    } else {
      sb.append(new BigDecimal(seconds).add(BigDecimal.valueOf(nanos, 9)).stripTrailingZeros().toPlainString()).append('s');
    }
    return sb.toString();
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException("'" + text + "' is not a duration " + EXAMPLE);
  }
}
