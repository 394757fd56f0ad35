package dev.andante.deploy.roles;

import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.StorageConfig;
import dev.andante.compactor.Compactor;
import dev.andante.compactor.CompactorConfig;
import dev.andante.compactor.planning.JobOwnership;
import dev.andante.compactor.retention.OverridesFileRetention;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The compactor role: every {@code compactor.compaction.compaction_cycle} it merges blocks, applies
 * retention (per tenant from the overrides file, re-read while running) and writes tenant indexes.
 * Its cycles run on the compactor's own thread, never on an event loop.
 */
public final class CompactorRole implements Role {
  /** Under the WAL directory: output blocks are staged there before upload. */
  public static final String STAGING_DIR = "compactor";

  private final Compactor compactor;

  private CompactorRole(Compactor compactor) {
    this.compactor = compactor;
  }

  /**
   * @param perTenantOverrideConfig path of the per-tenant overrides file, or empty for none
   * @throws IllegalArgumentException naming the key of a setting that conflicts with another, or an
   *     overrides file that cannot be read
   */
  public static CompactorRole start(
      CompactorConfig config, StorageConfig storage, String perTenantOverrideConfig, Backend backend) {
    return start(config, storage, perTenantOverrideConfig, backend, JobOwnership.ALL_MINE);
  }

  /**
   * As above, running only the jobs {@code ownership} gives this compactor, each under its claim: in
   * a cluster, the jobs hashed to it among the live compactors, claimed with a cluster-wide lock.
   */
  public static CompactorRole start(
      CompactorConfig config,
      StorageConfig storage,
      String perTenantOverrideConfig,
      Backend backend,
      JobOwnership ownership) {
    Compactor.Builder builder = Compactor.builder(backend, config)
        .ownership(ownership)
        .blocklistPoll(storage.blocklistPoll())
        .blockConfig(storage.block())
        .stagingDir(storage.walPath().resolve(STAGING_DIR));
    if (!perTenantOverrideConfig.isEmpty()) {
      builder.overrides(OverridesFileRetention.open(Path.of(perTenantOverrideConfig), storage.blocklistPoll()));
    }
    Compactor compactor = builder.build();
    compactor.start();
    return new CompactorRole(compactor);
  }

  public Compactor compactor() {
    return compactor;
  }

  @Override
  public Optional<String> notReady() {
    return Optional.empty();
  }

  @Override
  public void close() {
    compactor.close();
  }
}
