package dev.andante.deploy.cluster;

import dev.andante.blockformat.Hashing;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ingesters' token ring. Each ingester holds {@link #TOKENS_PER_INGESTER} tokens derived from
 * its member ID alone ({@code fmix32(fnv1_32(id ‖ i))} for i = 0..127, as 4 big-endian bytes; FNV-1
 * alone changes only the low bits for inputs that differ in their last bytes, the finalizer of
 * MurmurHash3 spreads them over the ring), so every
 * process computes the same ring from the same member list without storing or exchanging tokens. A
 * trace's token is {@code fnv1_32(tenant ‖ traceID bytes)}; its owners are the first {@code
 * replicationFactor} distinct ingesters met walking clockwise from it. Removing an ingester keeps
 * the other owners of each of its traces, so replicas of acknowledged data stay owners after a
 * death. Immutable and thread safe.
 */
public final class TokenRing {
  /** Tokens per ingester: with 3 ingesters each owns 33% ± a few points. */
  public static final int TOKENS_PER_INGESTER = 128;
  public static final TokenRing EMPTY = of(List.of());

  private static final double RING_SIZE = 4294967296.0;

  private final long[] tokens; // unsigned 32-bit values, ascending
  private final String[] owners;
  private final List<String> members;

  private TokenRing(long[] tokens, String[] owners, List<String> members) {
    this.tokens = tokens;
    this.owners = owners;
    this.members = members;
  }

  /** The ring of {@code ingesters} (member IDs; order does not matter). */
  public static TokenRing of(Collection<String> ingesters) {
    if (ingesters == null) {
      throw new IllegalArgumentException("ingesters must not be null");
    }
    List<String> members = List.copyOf(new TreeSet<>(ingesters));
    record Entry(long token, String owner) {}
    List<Entry> entries = new ArrayList<>(members.size() * TOKENS_PER_INGESTER);
    for (String member : members) {
      byte[] id = member.getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < TOKENS_PER_INGESTER; i++) {
        byte[] index = {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
        entries.add(new Entry(Integer.toUnsignedLong(fmix32(Hashing.fnv1_32(id, index))), member));
      }
    }
    entries.sort((a, b) -> a.token != b.token ? Long.compare(a.token, b.token) : a.owner.compareTo(b.owner));
    long[] tokens = new long[entries.size()];
    String[] owners = new String[entries.size()];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = entries.get(i).token;
      owners[i] = entries.get(i).owner;
    }
    return new TokenRing(tokens, owners, members);
  }

  /** MurmurHash3's 32-bit finalizer: every input bit affects every output bit. */
  static int fmix32(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** The token of a trace: {@code fnv1_32(tenant ‖ traceID bytes)}, as Tempo's distributor hashes it. */
  public static int tokenOf(TenantId tenant, TraceId id) {
    return Hashing.fnv1_32(tenant.value().getBytes(StandardCharsets.UTF_8), id.bytes());
  }

  /** The ingesters of the ring, sorted. */
  public List<String> members() {
    return members;
  }

  public boolean isEmpty() {
    return members.isEmpty();
  }

  /**
   * The owners of {@code token}: {@code replicationFactor} distinct ingesters clockwise from it, the
   * first being the primary; all of them when the ring has fewer.
   */
  public List<String> owners(int token, int replicationFactor) {
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replicationFactor must be at least 1, got " + replicationFactor);
    }
    if (members.isEmpty()) {
      return List.of();
    }
    int wanted = Math.min(replicationFactor, members.size());
    if (wanted == 1 && members.size() == 1) {
      return members;
    }
    int start = Arrays.binarySearch(tokens, Integer.toUnsignedLong(token));
    if (start < 0) {
      start = -start - 1;
    }
    Set<String> found = new LinkedHashSet<>(wanted * 2);
    for (int i = 0; i < tokens.length && found.size() < wanted; i++) {
      found.add(owners[(start + i) % tokens.length]);
    }
    return List.copyOf(found);
  }

  /** The tokens {@code member} holds (0 when it is not in the ring). */
  public int tokenCount(String member) {
    return members.contains(member) ? TOKENS_PER_INGESTER : 0;
  }

  /** Each member's share of the ring as primary owner: the fraction of token space it owns first. */
  public Map<String, Double> primaryShares() {
    Map<String, Double> shares = new HashMap<>();
    members.forEach(m -> shares.put(m, 0.0));
    for (int i = 0; i < tokens.length; i++) {
      // Tokens in (previous, this] belong to this position's owner; the first range wraps.
      long from = i == 0 ? tokens[tokens.length - 1] - (long) RING_SIZE : tokens[i - 1];
      shares.merge(owners[i], (tokens[i] - from) / RING_SIZE, Double::sum);
    }
    return shares;
  }
}
