package dev.andante.ingester.limits;

import dev.andante.blockformat.TenantId;
import java.util.Map;

/**
 * The limits of each tenant: the defaults ({@code overrides.defaults}) unless the per-tenant
 * overrides name the tenant. Implementations are thread safe and cheap to call on every push.
 */
@FunctionalInterface
public interface Overrides {
  /** No limits for anyone. */
  Overrides UNLIMITED = tenant -> Limits.UNLIMITED;

  Limits limits(TenantId tenant);

  /** The same limits for every tenant. */
  static Overrides of(Limits defaults) {
    if (defaults == null) {
      throw new IllegalArgumentException("defaults must not be null");
    }
    return tenant -> defaults;
  }

  /** {@code defaults} except for the tenants in {@code perTenant}. */
  static Overrides of(Limits defaults, Map<TenantId, Limits> perTenant) {
    if (defaults == null || perTenant == null) {
      throw new IllegalArgumentException("defaults and perTenant must not be null");
    }
    Map<TenantId, Limits> copy = Map.copyOf(perTenant);
    return tenant -> copy.getOrDefault(tenant, defaults);
  }
}
