package dev.andante.deploy.cluster;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.blockformat.trace.TraceCombiner;
import dev.andante.querier.tracebyid.RecentTraceSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Recent data of a trace from the cluster's ingesters. It asks every live ingester, leaving ones
 * included, not only the trace's owners on the current ring: after a member joins or leaves, the
 * owners of a trace's earlier spans are not the current owners, and a leaving ingester still holds
 * what it is flushing. (Tempo's querier asks every ingester too.) The parts are merged with {@link
 * TraceCombiner}, so spans replicated to several ingesters come back once. Some ingesters may fail:
 * the lookup fails only when at least {@code replicationFactor} of them did, since then every
 * replica of some trace may be among the silent ones.
 *
 * <p>Thread safe; blocks its caller (a querier worker) for at most {@code timeout}.
 */
public final class RingRecentTraceSource implements RecentTraceSource {
  /** Longest wait for the ingesters' answers; well under the default 30 s query timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final Supplier<List<Member>> members;
  private final String localId;
  private final Optional<RecentTraceSource> local;
  private final IngesterClient client;
  private final int replicationFactor;
  private final Duration timeout;

  public RingRecentTraceSource(
      Supplier<List<Member>> members,
      String localId,
      Optional<RecentTraceSource> local,
      IngesterClient client,
      int replicationFactor,
      Duration timeout) {
    if (members == null || localId == null || local == null || client == null || timeout == null) {
      throw new IllegalArgumentException("members, localId, local, client and timeout must not be null");
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replicationFactor must be at least 1, got " + replicationFactor);
    }
    this.members = members;
    this.localId = localId;
    this.local = local;
    this.client = client;
    this.replicationFactor = replicationFactor;
    this.timeout = timeout;
  }

  @Override
  public Optional<Trace> find(TenantId tenant, TraceId id) {
    List<String> asked = new ArrayList<>();
    List<CompletableFuture<Optional<Trace>>> answers = new ArrayList<>();
    for (Member member : members.get()) {
      if (!member.runs(Member.INGESTER) || member.id().equals(localId)) {
        continue;
      }
      asked.add(member.id());
      answers.add(client.find(member.id(), tenant, id, timeout).toCompletionStage().toCompletableFuture());
    }
    if (local.isPresent()) {
      asked.add(localId);
      CompletableFuture<Optional<Trace>> answer = new CompletableFuture<>();
      try {
        answer.complete(local.get().find(tenant, id));
      } catch (RuntimeException e) {
        answer.completeExceptionally(e);
      }
      answers.add(answer);
    }
    await(answers);

    TraceCombiner combiner = new TraceCombiner(id);
    boolean found = false;
    List<String> failures = new ArrayList<>(0);
    for (int i = 0; i < answers.size(); i++) {
      CompletableFuture<Optional<Trace>> answer = answers.get(i);
      if (answer.isDone() && !answer.isCompletedExceptionally()) {
        Optional<Trace> part = answer.join();
        if (part.isPresent()) {
          combiner.add(part.get());
          found = true;
        }
      } else {
        failures.add(describe(asked.get(i), answer));
      }
    }
    if (!failures.isEmpty() && failures.size() >= replicationFactor) {
      throw new RingUnavailableException(
          "Cannot find recent spans of trace " + id + ": " + failures.size() + " of " + answers.size()
              + " ingesters did not answer: " + String.join(", ", failures));
    }
    return found ? Optional.of(combiner.result()) : Optional.empty();
  }

  private void await(List<CompletableFuture<Optional<Trace>>> answers) {
    try {
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RingUnavailableException("Cannot find recent spans: interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      // Judged per ingester by the caller.
    }
  }

  private static String describe(String member, CompletableFuture<Optional<Trace>> answer) {
    if (!answer.isDone()) {
      return "ingester " + IngesterClient.shortId(member) + ": no answer";
    }
    try {
      answer.join();
      return "ingester " + IngesterClient.shortId(member);
    } catch (CompletionException e) {
      return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
    }
  }
}
