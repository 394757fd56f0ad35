package dev.andante.ingester.limits;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@link Limits} from a YAML tree (nested maps of scalars, as Jackson or SnakeYAML give them)
 * in Tempo's layout: {@code ingestion: {rate_limit_bytes, burst_size_bytes, max_traces_per_user}},
 * {@code global: {max_bytes_per_trace}}, {@code compaction: {block_retention}}. Keys not given keep
 * the base value; an unknown key or a bad value is an error that names the full key. Stateless.
 */
public final class LimitsParser {

  private LimitsParser() {}

  /**
   * @param tree e.g. the value of {@code overrides.defaults}; null means empty
   * @param base values for the keys the tree does not give
   * @param prefix the tree's own key, used in error messages (e.g. {@code overrides.defaults})
   */
  public static Limits parse(Map<?, ?> tree, Limits base, String prefix) {
    long rate = base.rateLimitBytes();
    long burst = base.burstSizeBytes();
    long maxTraces = base.maxTracesPerUser();
    long maxBytesPerTrace = base.maxBytesPerTrace();
    Duration retention = base.blockRetention();
    for (Map.Entry<?, ?> section : entries(tree, prefix)) {
      String sectionKey = prefix + "." + section.getKey();
      for (Map.Entry<?, ?> e : entries(section.getValue(), sectionKey)) {
        String key = section.getKey() + "." + e.getKey();
        String fullKey = prefix + "." + key;
        switch (key) {
          case "ingestion.rate_limit_bytes" -> rate = number(e.getValue(), fullKey);
          case "ingestion.burst_size_bytes" -> burst = number(e.getValue(), fullKey);
          case "ingestion.max_traces_per_user" -> maxTraces = number(e.getValue(), fullKey);
          case "global.max_bytes_per_trace" -> maxBytesPerTrace = number(e.getValue(), fullKey);
          case "compaction.block_retention" -> retention = duration(e.getValue(), fullKey);
          default -> throw new IllegalArgumentException("Cannot read overrides: unknown key " + fullKey);
        }
      }
    }
    if (maxTraces > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(prefix + ".ingestion.max_traces_per_user is too large: " + maxTraces);
    }
    try {
      return new Limits(rate, burst, (int) maxTraces, maxBytesPerTrace, retention);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot read overrides: " + prefix + "." + e.getMessage(), e);
    }
  }

  /**
   * The per-tenant overrides file's tree: {@code overrides: {<tenant>: {ingestion: ..., global:
   * ..., compaction: ...}}}; each tenant's limits start from {@code defaults}.
   */
  public static Map<TenantId, Limits> parsePerTenant(Map<?, ?> file, Limits defaults, String source) {
    Map<TenantId, Limits> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> top : entries(file, source)) {
      if (!"overrides".equals(top.getKey())) {
        throw new IllegalArgumentException("Cannot read overrides: unknown key " + top.getKey() + " in " + source);
      }
      for (Map.Entry<?, ?> tenant : entries(top.getValue(), "overrides")) {
        TenantId id;
        try {
          id = new TenantId(String.valueOf(tenant.getKey()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Cannot read overrides: " + e.getMessage() + " (" + source + ")", e);
        }
        out.put(id, parse((Map<?, ?>) asMap(tenant.getValue(), "overrides." + id.value()), defaults, "overrides." + id.value()));
      }
    }
    return out;
  }

  private static Iterable<? extends Map.Entry<?, ?>> entries(Object tree, String key) {
    return tree == null ? Map.of().entrySet() : asMap(tree, key).entrySet();
  }

  private static Map<?, ?> asMap(Object value, String key) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("Cannot read overrides: " + key + " must be a map, got '" + value + "'");
    }
    return map;
  }

  private static long number(Object value, String key) {
    if (value instanceof Number n && (n instanceof Integer || n instanceof Long || n.doubleValue() == Math.rint(n.doubleValue()))) {
      return n.longValue();
    }
    if (value instanceof String s && s.matches("\\d+")) {
      return Long.parseLong(s);
    }
    throw new IllegalArgumentException("Cannot read overrides: " + key + " must be a whole number, got '" + value + "'");
  }

  static Duration duration(Object value, String key) {
    return Durations.parse(String.valueOf(value), "Cannot read overrides: " + key);
  }
}
