package dev.andante.deploy.config;

import dev.andante.blockformat.backend.StorageConfig;
import dev.andante.compactor.CompactorConfig;
import dev.andante.ingester.IngesterConfig;
import dev.andante.querier.QuerierConfig;

/**
 * Everything one Andante process is configured with: the roles it runs and each module's own
 * record, as read from one Tempo-compatible YAML file by {@link ConfigLoader}.
 *
 * @param target the roles this process runs
 * @param multitenancyEnabled requests carry their tenant in {@code X-Scope-OrgID}; copied into the
 *     ingester's and the querier's records, which must agree with it
 * @param cluster membership and replication; {@link ClusterConfig#SINGLE} runs alone
 */
public record AndanteConfig(
    Target target,
    boolean multitenancyEnabled,
    IngesterConfig ingester,
    QuerierConfig querier,
    CompactorConfig compactor,
    StorageConfig storage,
    OverridesConfig overrides,
    ClusterConfig cluster) {
  public static final AndanteConfig DEFAULT =
      new AndanteConfig(
          Target.ALL,
          false,
          IngesterConfig.DEFAULT,
          QuerierConfig.DEFAULT,
          CompactorConfig.DEFAULT,
          StorageConfig.DEFAULT,
          OverridesConfig.DEFAULT,
          ClusterConfig.SINGLE);

  /** A process that runs alone. */
  public AndanteConfig(
      Target target,
      boolean multitenancyEnabled,
      IngesterConfig ingester,
      QuerierConfig querier,
      CompactorConfig compactor,
      StorageConfig storage,
      OverridesConfig overrides) {
    this(target, multitenancyEnabled, ingester, querier, compactor, storage, overrides, ClusterConfig.SINGLE);
  }

  public AndanteConfig {
    requireNonNull(target, "target");
    requireNonNull(ingester, "ingester");
    requireNonNull(querier, "querier");
    requireNonNull(compactor, "compactor");
    requireNonNull(storage, "storage");
    requireNonNull(overrides, "overrides");
    requireNonNull(cluster, "cluster");
    if (ingester.multitenancyEnabled() != multitenancyEnabled
        || querier.multitenancyEnabled() != multitenancyEnabled) {
      throw new IllegalArgumentException(
          "multitenancy_enabled is " + multitenancyEnabled + " but the ingester's is "
              + ingester.multitenancyEnabled() + " and the querier's " + querier.multitenancyEnabled());
    }
  }

  public AndanteConfig withTarget(Target t) {
    return new AndanteConfig(t, multitenancyEnabled, ingester, querier, compactor, storage, overrides, cluster);
  }

  public AndanteConfig withIngester(IngesterConfig i) {
    return new AndanteConfig(target, multitenancyEnabled, i, querier, compactor, storage, overrides, cluster);
  }

  public AndanteConfig withQuerier(QuerierConfig q) {
    return new AndanteConfig(target, multitenancyEnabled, ingester, q, compactor, storage, overrides, cluster);
  }

  public AndanteConfig withCompactor(CompactorConfig c) {
    return new AndanteConfig(target, multitenancyEnabled, ingester, querier, c, storage, overrides, cluster);
  }

  public AndanteConfig withStorage(StorageConfig s) {
    return new AndanteConfig(target, multitenancyEnabled, ingester, querier, compactor, s, overrides, cluster);
  }

  public AndanteConfig withCluster(ClusterConfig c) {
    return new AndanteConfig(target, multitenancyEnabled, ingester, querier, compactor, storage, overrides, c);
  }

  private static void requireNonNull(Object value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }
}
