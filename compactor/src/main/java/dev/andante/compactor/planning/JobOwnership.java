package dev.andante.compactor.planning;

import java.util.Optional;

/**
 * Decides whether this compactor runs a job, by its {@link CompactionJob#key() key}. With several
 * compactors each owns the keys that hash to it among the live compactors; a single compactor owns
 * them all.
 *
 * <p>Ownership alone is not exclusive: two compactors whose views of the membership differ for a
 * moment may both think a key theirs. A job is therefore run under a {@link #claim claim}, which a
 * clustered implementation backs with a cluster-wide lock; under it the compactor re-reads the job's
 * inputs and runs only if they are all still live, so no block is ever an input of two outputs.
 * Implementations are thread safe.
 */
public interface JobOwnership {
  /** Every job is this compactor's, and claims always succeed. */
  JobOwnership ALL_MINE = key -> true;

  boolean owns(String jobKey);

  /**
   * Claims {@code jobKey} for running it now; empty when another compactor holds it. The claim is
   * held until closed. The default claims always succeed: right for a single compactor.
   */
  default Optional<Claim> claim(String jobKey) {
    return Optional.of(Claim.NONE);
  }

  /** A held claim on a job key; closing it lets others claim the key. */
  interface Claim extends AutoCloseable {
    /** A claim that holds nothing. */
    Claim NONE = () -> {};

    @Override
    void close();
  }
}
