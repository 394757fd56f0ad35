package dev.andante.ingester.limits;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.andante.blockformat.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-tenant overrides file ({@code overrides.per_tenant_override_config}), re-read every
 * {@code period} so limits change without a restart. The first read must succeed; a later read that
 * fails (a half-written file, a typo) is logged and the previous limits stay. Thread safe.
 */
public final class OverridesFile implements Overrides, AutoCloseable {
  /** Tempo's {@code per_tenant_override_period}. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(OverridesFile.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path file;
  private final Limits defaults;
  private final ScheduledExecutorService reloader;
  private volatile Map<TenantId, Limits> perTenant;

  private OverridesFile(Path file, Limits defaults) {
    this.file = file;
    this.defaults = defaults;
    this.perTenant = read();
    this.reloader =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "andante-overrides-reload");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Reads {@code file} now and every {@code period} after.
   *
   * @throws IllegalArgumentException naming the file and the key when the first read fails
   */
  public static OverridesFile open(Path file, Limits defaults, Duration period) {
    if (file == null || defaults == null || period == null || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("file, defaults and a positive period are required, got " + period);
    }
    OverridesFile overrides = new OverridesFile(file, defaults);
    long nanos = period.toNanos();
    overrides.reloader.scheduleWithFixedDelay(overrides::reloadQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
    return overrides;
  }

  @Override
  public Limits limits(TenantId tenant) {
    return perTenant.getOrDefault(tenant, defaults);
  }

  /** Re-reads the file now; throws if it cannot be read, keeping the previous limits. */
  public void reload() {
    Map<TenantId, Limits> next = read();
    if (!next.equals(perTenant)) {
      LOG.info("Per-tenant overrides reloaded from {}: {} tenants", file, next.size());
    }
    perTenant = next;
  }

  private void reloadQuietly() {
    try {
      reload();
    } catch (RuntimeException e) {
      LOG.warn("{}; keeping the previous per-tenant overrides", e.getMessage());
    }
  }

  private Map<TenantId, Limits> read() {
    Object tree;
    try {
      if (Files.size(file) == 0) {
        return Map.of();
      }
      tree = YAML.readValue(file.toFile(), Object.class);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("Cannot read overrides: no file " + file + " (overrides.per_tenant_override_config)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read overrides: " + e.getMessage() + " (" + file + ")", e);
    }
    if (tree != null && !(tree instanceof Map)) {
      throw new IllegalArgumentException("Cannot read overrides: " + file + " must hold a map with key 'overrides'");
    }
    return Map.copyOf(LimitsParser.parsePerTenant((Map<?, ?>) tree, defaults, file.toString()));
  }

  @Override
  public void close() {
    reloader.shutdownNow();
  }
}
