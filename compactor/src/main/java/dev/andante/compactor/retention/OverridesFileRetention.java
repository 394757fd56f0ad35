package dev.andante.compactor.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.andante.blockformat.TenantId;
import dev.andante.compactor.CompactorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import dev.andante.blockformat.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-tenant block retention from the overrides file ({@code overrides.per_tenant_override_config}),
 * Tempo's layout: {@code overrides: {<tenant>: {compaction: {block_retention: 24h}}}}. Other
 * sections (ingestion, global) belong to the ingester's limits and are skipped here. The file is
 * re-read by {@link #refresh()}, and parsed again when its bytes changed; a re-read that fails
 * (a half-written file, a typo) is logged and the previous values stay. The first read must
 * succeed. A retention shorter than the block-list poll interval is refused, naming the tenant's
 * key. Thread safe.
 */
public final class OverridesFileRetention implements RetentionOverrides {
  private static final Logger LOG = LoggerFactory.getLogger(OverridesFileRetention.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path file;
  private final Duration blocklistPoll;
  private volatile Map<TenantId, Duration> retention;
  private volatile byte[] content;

  private OverridesFileRetention(Path file, Duration blocklistPoll) {
    this.file = file;
    this.blocklistPoll = blocklistPoll;
  }

  /**
   * Reads {@code file} now.
   *
   * @throws IllegalArgumentException naming the file and the key when it cannot be read
   */
  public static OverridesFileRetention open(Path file, Duration blocklistPoll) {
    if (file == null || blocklistPoll == null) {
      throw new IllegalArgumentException("file and blocklistPoll must not be null");
    }
    OverridesFileRetention overrides = new OverridesFileRetention(file, blocklistPoll);
    overrides.reload();
    return overrides;
  }

  @Override
  public Optional<Duration> blockRetention(TenantId tenant) {
    return Optional.ofNullable(retention.get(tenant));
  }

  @Override
  public void refresh() {
    try {
      if (!Arrays.equals(bytes(), content)) {
        reload();
      }
    } catch (RuntimeException e) {
      LOG.warn("{}; keeping the previous per-tenant block retention", e.getMessage());
    }
  }

  /** Re-reads the file now; throws if it cannot be read, keeping the previous values. */
  public synchronized void reload() {
    byte[] read = bytes();
    Map<TenantId, Duration> next = parse(read);
    if (retention != null && !next.equals(retention)) {
      LOG.info("Per-tenant block retention reloaded from {}: {}", file, next);
    }
    retention = Map.copyOf(next);
    content = read;
  }

  private byte[] bytes() {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("Cannot read overrides: no file " + file + " (overrides.per_tenant_override_config)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read overrides: " + e.getMessage() + " (" + file + ")", e);
    }
  }

  private Map<TenantId, Duration> parse(byte[] bytes) {
    Object tree;
    try {
      tree = bytes.length == 0 ? null : YAML.readValue(bytes, Object.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read overrides: " + e.getMessage() + " (" + file + ")", e);
    }
    Map<TenantId, Duration> out = new HashMap<>();
    Map<?, ?> tenants = map(map(tree, "the file").get("overrides"), "overrides");
    for (Map.Entry<?, ?> entry : tenants.entrySet()) {
      String key = "overrides." + entry.getKey();
      TenantId tenant;
      try {
        tenant = new TenantId(String.valueOf(entry.getKey()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Cannot read overrides: " + e.getMessage() + " (" + file + ")", e);
      }
      Object value = map(map(entry.getValue(), key).get("compaction"), key + ".compaction").get("block_retention");
      if (value == null) {
        continue;
      }
      String retentionKey = key + ".compaction.block_retention";
      try {
        Duration d = Durations.parse(String.valueOf(value), retentionKey);
        CompactorConfig.checkRetention(d, blocklistPoll, retentionKey);
        out.put(tenant, d);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Cannot read overrides: " + e.getMessage() + " (" + file + ")", e);
      }
    }
    return out;
  }

  private Map<?, ?> map(Object value, String key) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("Cannot read overrides: " + key + " must be a map, got '" + value + "' (" + file + ")");
    }
    return m;
  }
}
