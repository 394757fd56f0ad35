package dev.andante.deploy.config;

import dev.andante.blockformat.Durations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One mapping of the YAML tree, read key by key. Every value read is checked for its type, and a
 * problem is reported with the key's full path ({@code storage.trace.s3.bucket}). Keys that no
 * reader asked for are unknown: {@link #finish()} reports the first of them, so a typo never passes
 * silently.
 *
 * <p>A key that is absent or present with an empty value ({@code key:}) takes its default.
 */
final class ConfigSection {
  private final String path;
  private final JsonNode node;
  private final Set<String> read = new LinkedHashSet<>();

  private ConfigSection(String path, JsonNode node) {
    this.path = path;
    this.node = node;
  }

  /** The document's root; {@code root} may be null or missing for an empty document. */
  static ConfigSection root(JsonNode root) {
    if (root != null && !root.isMissingNode() && !root.isNull() && !root.isObject()) {
      throw new ConfigProblem("the document must be a mapping of keys to values, not a " + describe(root));
    }
    return new ConfigSection("", root == null || root.isNull() || root.isMissingNode() ? null : root);
  }

  String path() {
    return path;
  }

  /** The full path of {@code key} in this section. */
  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  ConfigSection section(String key) {
    JsonNode value = value(key);
    if (value == null) {
      return new ConfigSection(pathOf(key), null);
    }
    if (!value.isObject()) {
      throw new ConfigProblem(pathOf(key), "expected a mapping of keys to values, got " + describe(value));
    }
    return new ConfigSection(pathOf(key), value);
  }

  String string(String key, String defaultValue) {
    JsonNode value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (!value.isValueNode()) {
      throw new ConfigProblem(pathOf(key), "expected a string, got " + describe(value));
    }
    return value.asText();
  }

  boolean bool(String key, boolean defaultValue) {
    JsonNode value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual() && (value.textValue().equals("true") || value.textValue().equals("false"))) {
      return Boolean.parseBoolean(value.textValue());
    }
    throw new ConfigProblem(pathOf(key), quote(value) + " is not a boolean (true or false)");
  }

  long integer(String key, long defaultValue) {
    JsonNode value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (value.isTextual()) {
      try {
        return Long.parseLong(value.textValue().trim());
      } catch (NumberFormatException e) {
        // Reported below.
      }
    }
    throw new ConfigProblem(pathOf(key), quote(value) + " is not an integer");
  }

  int intValue(String key, int defaultValue) {
    long value = integer(key, defaultValue);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new ConfigProblem(pathOf(key), value + " is too large (at most " + Integer.MAX_VALUE + ")");
    }
    return (int) value;
  }

  double decimal(String key, double defaultValue) {
    JsonNode value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (value.isTextual()) {
      try {
        return Double.parseDouble(value.textValue().trim());
      } catch (NumberFormatException e) {
        // Reported below.
      }
    }
    throw new ConfigProblem(pathOf(key), quote(value) + " is not a number");
  }

  Duration duration(String key, Duration defaultValue) {
    JsonNode value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (!value.isTextual() && !(value.isIntegralNumber() && value.asLong() == 0)) {
      // A bare number has no unit: Go would read nanoseconds, which is never what was meant.
      throw new ConfigProblem(pathOf(key), quote(value) + " is not a duration " + Durations.EXAMPLE);
    }
    try {
      return Durations.parse(value.asText());
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem(pathOf(key), e.getMessage());
    }
  }

  /** The raw value of {@code key}, marked as read, or null when absent or empty. */
  JsonNode raw(String key) {
    return value(key);
  }

  /** Checks that every key of this section was read. */
  void finish() {
    if (node == null) {
      return;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!read.contains(name)) {
        throw new ConfigProblem("unknown key '" + pathOf(name) + "'");
      }
    }
  }

  private JsonNode value(String key) {
    read.add(key);
    if (node == null) {
      return null;
    }
    JsonNode value = node.get(key);
    return value == null || value.isNull() ? null : value;
  }

  private static String quote(JsonNode value) {
    return value.isValueNode() ? "'" + value.asText() + "'" : "a " + describe(value);
  }

  static String describe(JsonNode value) {
    JsonNodeType type = value.getNodeType();
    switch (type) {
      case OBJECT:
        return "mapping";
      case ARRAY:
        return "list";
      case STRING:
        return "string '" + value.asText() + "'";
      default:
        return type.name().toLowerCase() + " '" + value.asText() + "'";
    }
  }
}
