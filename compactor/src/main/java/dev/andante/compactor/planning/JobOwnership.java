package dev.andante.compactor.planning;

/**
 * Decides whether this compactor runs a job, by its {@link CompactionJob#key() key}. With several
 * compactors each owns the keys that hash to it on the ring; a single compactor owns them all.
 * Implementations are thread safe.
 */
@FunctionalInterface
public interface JobOwnership {
  /** Every job is this compactor's. */
  JobOwnership ALL_MINE = key -> true;

  boolean owns(String jobKey);
}
