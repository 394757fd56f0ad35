package dev.andante.deploy.cluster;

/** Where a member is in its life; only {@link #ACTIVE} ingesters are in the ring. */
public enum MemberState {
  /** Joined, still starting (an ingester replaying its write-ahead log): not in the ring yet. */
  JOINING,
  ACTIVE,
  /** Shutting down: flushing its traces; new writes go to the others. */
  LEAVING
}
