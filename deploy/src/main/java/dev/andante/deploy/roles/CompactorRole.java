package dev.andante.deploy.roles;

import dev.andante.compactor.CompactorConfig;
import dev.andante.deploy.config.Durations;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compactor role. Compaction and retention are not implemented yet: this role only says so,
 * and blocks accumulate until they are.
 */
public final class CompactorRole implements Role {
  private static final Logger LOG = LoggerFactory.getLogger(CompactorRole.class);

  private CompactorRole() {}

  public static CompactorRole start(CompactorConfig config) {
    LOG.info(
        "Compactor is a no-op in this version: no compaction, and no retention (block_retention {} is not applied yet)",
        Durations.format(config.blockRetention()));
    return new CompactorRole();
  }

  @Override
  public Optional<String> notReady() {
    return Optional.empty();
  }

  @Override
  public void close() {}
}
