package dev.andante.compactor.retention;

import dev.andante.blockformat.TenantId;
import java.time.Duration;
import java.util.Optional;

/**
 * Per-tenant block retention ({@code compaction.block_retention} in the per-tenant overrides).
 * Implementations are thread safe.
 */
public interface RetentionOverrides {
  /** No tenant has its own retention. */
  RetentionOverrides NONE = tenant -> Optional.empty();

  /** The tenant's own retention, or empty when it uses the default. */
  Optional<Duration> blockRetention(TenantId tenant);

  /** Re-reads the source if it can change; called at the start of every compaction cycle. */
  default void refresh() {}
}
