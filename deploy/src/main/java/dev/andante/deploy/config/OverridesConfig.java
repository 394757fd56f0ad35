package dev.andante.deploy.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-tenant limits ({@code overrides.*}), kept as written; the ingester role reads them into
 * {@code dev.andante.ingester.limits.Limits} (the loader has checked they parse).
 *
 * @param defaults the {@code overrides.defaults} tree (e.g. {@code ingestion.rate_limit_bytes}), as
 *     nested maps of scalars; empty when not given
 * @param perTenantOverrideConfig path of the per-tenant overrides file, or empty for none
 */
public record OverridesConfig(Map<String, Object> defaults, String perTenantOverrideConfig) {
  public static final OverridesConfig DEFAULT = new OverridesConfig(Map.of(), "");

  public OverridesConfig {
    if (defaults == null) {
      throw new IllegalArgumentException("overrides.defaults must not be null");
    }
    if (perTenantOverrideConfig == null) {
      throw new IllegalArgumentException("overrides.per_tenant_override_config must not be null");
    }
    defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
  }
}
