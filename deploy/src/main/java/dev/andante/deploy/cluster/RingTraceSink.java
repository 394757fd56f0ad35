package dev.andante.deploy.cluster;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.distributor.EncodedPiece;
import dev.andante.ingester.distributor.TraceSink;
import dev.andante.ingester.limits.PushRefusedException;
import dev.andante.ingester.limits.Refusal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The distributor's sink in a cluster: each piece goes to the {@code replicationFactor} owners of
 * its token on the ring. Pieces with the same owners travel together, as one export request per
 * owner: to the local ingester by a direct call, to the others over the clustered event bus. A push
 * returns once, for every group, a quorum ({@code owners / 2 + 1}) of its owners has the spans in
 * its write-ahead log; otherwise it throws {@link RingUnavailableException} (UNAVAILABLE, the client
 * retries; the owners that did keep the spans keep them, and replicated duplicates are merged on
 * read and compaction). Per-trace refusals come from the first owner of each group that answered.
 *
 * <p>Thread safe. Blocks its caller, a receiver's worker thread, while the owners answer; the replies
 * themselves complete on event loops.
 */
public final class RingTraceSink implements TraceSink {
  public static final Duration DEFAULT_PUSH_TIMEOUT = Duration.ofSeconds(5);

  private final Supplier<TokenRing> ring;
  private final String localId;
  private final Optional<TraceSink> local;
  private final IngesterClient client;
  private final int replicationFactor;
  private final Duration timeout;

  /**
   * @param ring the current ring of active ingesters
   * @param localId this member's ID; owners with it get a direct call to {@code local}
   * @param local this process's ingester, if it runs one
   */
  public RingTraceSink(
      Supplier<TokenRing> ring,
      String localId,
      Optional<TraceSink> local,
      IngesterClient client,
      int replicationFactor,
      Duration timeout) {
    if (ring == null || localId == null || local == null || client == null || timeout == null) {
      throw new IllegalArgumentException("ring, localId, local, client and timeout must not be null");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replicationFactor must be at least 1, got " + replicationFactor);
    }
    this.ring = ring;
    this.localId = localId;
    this.local = local;
    this.client = client;
    this.replicationFactor = replicationFactor;
    this.timeout = timeout;
  }

  @Override
  public List<Refusal> push(TenantId tenant, List<Trace> pieces) {
    return push(tenant, pieces, null);
  }

  @Override
  public List<Refusal> push(TenantId tenant, List<Trace> pieces, byte[] request) {
    if (tenant == null || pieces == null) {
      throw new IllegalArgumentException("tenant and pieces must not be null");
    }
    List<EncodedPiece> encoded = new ArrayList<>(pieces.size());
    pieces.forEach(piece -> encoded.add(EncodedPiece.of(piece)));
    return pushEncoded(tenant, encoded, request);
  }

  /** Routes pieces as the bytes they arrived in: no decoding on the way to their owners. */
  @Override
  public List<Refusal> pushEncoded(TenantId tenant, List<EncodedPiece> pieces, byte[] request) {
    if (tenant == null || pieces == null) {
      throw new IllegalArgumentException("tenant and pieces must not be null");
    }
    if (pieces.isEmpty()) {
      return List.of();
    }
    TokenRing current = ring.get();
    if (current.isEmpty()) {
      throw new RingUnavailableException("Cannot push spans: no active ingester in the ring");
    }
    Map<List<String>, List<EncodedPiece>> byOwners = new LinkedHashMap<>();
    for (EncodedPiece piece : pieces) {
      List<String> owners = current.owners(TokenRing.tokenOf(tenant, piece.id()), replicationFactor);
      byOwners.computeIfAbsent(owners, k -> new ArrayList<>()).add(piece);
    }
    List<Group> groups = new ArrayList<>(byOwners.size());
    byOwners.forEach((owners, group) -> groups.add(send(tenant, owners, group, group.size() == pieces.size() ? request : null)));
    groups.forEach(g -> g.pushLocally(tenant));
    awaitAll(groups);

    List<Refusal> refusals = new ArrayList<>(0);
    List<String> shortfalls = new ArrayList<>(0);
    PushRefusedException refused = null;
    for (Group group : groups) {
      Optional<List<Refusal>> kept = group.quorumRefusals();
      if (kept.isPresent()) {
        refusals.addAll(kept.get());
        continue;
      }
      shortfalls.add(group.describeShortfall());
      refused = refused != null ? refused : group.refusal().orElse(null);
    }
    if (shortfalls.isEmpty()) {
      return refusals;
    }
    if (refused != null) {
      throw new PushRefusedException(refused.reason(), spans(pieces), refused.retryAfter(), refused.getMessage());
    }
    throw new RingUnavailableException("Cannot push spans: " + String.join("; ", shortfalls));
  }

  private Group send(TenantId tenant, List<String> owners, List<EncodedPiece> pieces, byte[] request) {
    byte[] bytes = null;
    List<CompletableFuture<List<Refusal>>> outcomes = new ArrayList<>(owners.size());
    for (String owner : owners) {
      if (owner.equals(localId)) {
        outcomes.add(null); // pushed by pushLocally, after every remote request is on its way
        continue;
      }
      if (bytes == null) {
        bytes = request != null ? request : encode(pieces);
      }
      outcomes.add(client.push(owner, tenant, bytes, timeout).toCompletionStage().toCompletableFuture());
    }
    return new Group(owners, pieces, request, outcomes);
  }

  private void awaitAll(List<Group> groups) {
    List<CompletableFuture<?>> all = new ArrayList<>();
    groups.forEach(g -> all.addAll(g.outcomes));
    try {
      // Every request has its own send timeout; this bound only guards against a lost reply.
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RingUnavailableException("Cannot push spans: interrupted while the ingesters answered", e);
    } catch (ExecutionException | TimeoutException e) {
      // Judged per owner below.
    }
  }

  /**
   * One export request holding {@code pieces}: each piece is an encoded {@code TracesData}, whose
   * only field has the number of the request's {@code resource_spans}, so the pieces concatenated
   * are the request.
   */
  static byte[] encode(List<EncodedPiece> pieces) {
    int size = 0;
    for (EncodedPiece piece : pieces) {
      size += piece.bytes().length;
    }
    byte[] out = new byte[size];
    int at = 0;
    for (EncodedPiece piece : pieces) {
      byte[] bytes = piece.bytes();
      System.arraycopy(bytes, 0, out, at, bytes.length);
      at += bytes.length;
    }
    return out;
  }

  private static int spans(List<EncodedPiece> pieces) {
    int n = 0;
    for (EncodedPiece piece : pieces) {
      n += piece.spanCount();
    }
    return n;
  }

  /** The pieces with one set of owners, and each owner's answer. */
  private final class Group {
    final List<String> owners;
    final List<EncodedPiece> pieces;
    final byte[] request;
    final List<CompletableFuture<List<Refusal>>> outcomes;

    Group(List<String> owners, List<EncodedPiece> pieces, byte[] request, List<CompletableFuture<List<Refusal>>> outcomes) {
      this.owners = owners;
      this.pieces = pieces;
      this.request = request;
      this.outcomes = outcomes;
    }

    void pushLocally(TenantId tenant) {
      for (int i = 0; i < owners.size(); i++) {
        if (outcomes.get(i) != null) {
          continue;
        }
        CompletableFuture<List<Refusal>> outcome = new CompletableFuture<>();
        try {
          TraceSink sink = local.orElseThrow(() -> new IllegalStateException("this process runs no ingester"));
          outcome.complete(sink.pushEncoded(tenant, pieces, request));
        } catch (RuntimeException e) {
          outcome.completeExceptionally(e);
        }
        outcomes.set(i, outcome);
      }
    }

    Optional<List<Refusal>> quorumRefusals() {
      int ok = 0;
      List<Refusal> first = null;
      for (CompletableFuture<List<Refusal>> outcome : outcomes) {
        if (outcome.isDone() && !outcome.isCompletedExceptionally()) {
          ok++;
          first = first != null ? first : outcome.join();
        }
      }
      return ok >= quorum() ? Optional.of(first) : Optional.empty();
    }

    Optional<PushRefusedException> refusal() {
      for (CompletableFuture<List<Refusal>> outcome : outcomes) {
        if (failure(outcome) instanceof PushRefusedException e) {
          return Optional.of(e);
        }
      }
      return Optional.empty();
    }

    String describeShortfall() {
      List<String> failures = new ArrayList<>();
      int ok = 0;
      for (int i = 0; i < owners.size(); i++) {
        Throwable failure = failure(outcomes.get(i));
        if (failure == null && outcomes.get(i).isDone()) {
          ok++;
        } else {
          failures.add(failure == null ? "ingester " + IngesterClient.shortId(owners.get(i)) + ": no answer" : failure.getMessage());
        }
      }
      return ok + " of " + owners.size() + " owners of " + pieces.size() + " traces kept them (quorum " + quorum()
          + "): " + String.join(", ", failures);
    }

    private int quorum() {
      return owners.size() / 2 + 1;
    }

    private Throwable failure(CompletableFuture<?> outcome) {
      if (!outcome.isCompletedExceptionally()) {
        return null;
      }
      try {
        outcome.join();
        return null;
      } catch (CompletionException e) {
        return e.getCause() == null ? e : e.getCause();
      } catch (RuntimeException e) {
        return e;
      }
    }
  }
}
