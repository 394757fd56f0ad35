package dev.andante.compactor.planning;

import dev.andante.blockformat.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Shares jobs among live compactors by rendezvous hashing: a key belongs to the compactor whose
 * {@code fnv1_32(id ‖ key)}, mixed, is highest. Every compactor that sees the same members agrees on each
 * key's owner without talking to the others, and when a compactor joins or leaves only the keys it
 * wins or held move. Claims are delegated, so that a clustered deployment can back them with a
 * cluster-wide lock.
 */
public final class HashJobOwnership implements JobOwnership {
  private final String self;
  private final Supplier<? extends Collection<String>> members;
  private final Function<String, Optional<Claim>> claims;

  /**
   * @param self this compactor's id
   * @param members the ids of the live compactors, asked on every decision; this compactor counts
   *     as live even when absent from it (a view taken while it joins)
   * @param claims claims a key cluster-wide, empty when another holds it
   */
  public HashJobOwnership(
      String self, Supplier<? extends Collection<String>> members, Function<String, Optional<Claim>> claims) {
    if (self == null || self.isEmpty()) {
      throw new IllegalArgumentException("self must be a non-empty compactor id");
    }
    if (members == null || claims == null) {
      throw new IllegalArgumentException("members and claims must not be null");
    }
    this.self = self;
    this.members = members;
    this.claims = claims;
  }

  /** Ownership by hashing with claims that always succeed, for compactors sharing no lock service. */
  public HashJobOwnership(String self, Supplier<? extends Collection<String>> members) {
    this(self, members, key -> Optional.of(Claim.NONE));
  }

  @Override
  public boolean owns(String jobKey) {
    return owner(jobKey, members.get()).equals(self);
  }

  @Override
  public Optional<Claim> claim(String jobKey) {
    return claims.apply(jobKey);
  }

  /** The owner of {@code jobKey} among {@code members} and this compactor. */
  String owner(String jobKey, Collection<String> members) {
    String best = self;
    long bestScore = score(self, jobKey);
    for (String member : members) {
      long score = score(member, jobKey);
      if (score > bestScore || (score == bestScore && member.compareTo(best) < 0)) {
        best = member;
        bestScore = score;
      }
    }
    return best;
  }

  private static long score(String member, String jobKey) {
    byte[] bytes = (member + "\u0000" + jobKey).getBytes(StandardCharsets.UTF_8);
    // FNV-1 folds the last bytes into the low bits only; keys differing in their last character
    // (levels, windows) would rank members alike without a final avalanche.
    int h = Hashing.fnv1_32(bytes);
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Integer.toUnsignedLong(h);
  }
}
