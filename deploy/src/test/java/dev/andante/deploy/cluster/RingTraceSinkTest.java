package dev.andante.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.trace.Trace;
import dev.andante.deploy.roles.Futures;
import dev.andante.ingester.Ingester;
import dev.andante.ingester.IngesterConfig;
import dev.andante.ingester.limits.Limits;
import dev.andante.ingester.limits.Overrides;
import dev.andante.ingester.limits.Refusal;
import dev.andante.ingester.limits.RefusalReason;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ring sink and the ingesters' event-bus endpoints on one (non-clustered) Vert.x: three real
 * ingesters named a, b and c, this process being a. Replication, quorum and refusals are the same
 * code as in a cluster; only the event bus is local.
 */
class RingTraceSinkTest {
  private static final TenantId TENANT = new TenantId("team-a");
  private static final List<String> MEMBERS = List.of("a", "b", "c");

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final Map<String, Ingester> ingesters = new LinkedHashMap<>();
  private final Map<String, IngesterEndpoint> endpoints = new LinkedHashMap<>();
  private final Backend backend = new Backend(new MemoryObjectStore());

  @AfterEach
  void close() {
    endpoints.values().forEach(IngesterEndpoint::close);
    ingesters.values().forEach(Ingester::close);
    vertx.close();
  }

  private void start(Overrides overrides) {
    for (String member : MEMBERS) {
      Ingester ingester =
          new Ingester(
              IngesterConfig.DEFAULT.withTraceLivePeriod(Duration.ofHours(1)),
              backend,
              Encodings.current(),
              BlockConfig.DEFAULT,
              dir.resolve(member),
              Clock.systemUTC(),
              overrides);
      ingester.start();
      ingesters.put(member, ingester);
      if (!member.equals("a")) {
        endpoints.put(member, Futures.await(IngesterEndpoint.register(vertx, member, ingester), Duration.ofSeconds(10), "register"));
      }
    }
  }

  private RingTraceSink sink(int replicationFactor) {
    TokenRing ring = TokenRing.of(MEMBERS);
    return new RingTraceSink(
        () -> ring, "a", Optional.of(ingesters.get("a")), new IngesterClient(vertx), replicationFactor, Duration.ofSeconds(5));
  }

  @Test
  void eachTraceLandsOnItsOwnersOnly() {
    start(Overrides.UNLIMITED);
    List<Trace> pieces = new TestTraces(1).sorted(60, 4);

    assertThat(sink(2).push(TENANT, pieces)).isEmpty();

    TokenRing ring = TokenRing.of(MEMBERS);
    for (Trace piece : pieces) {
      List<String> owners = ring.owners(TokenRing.tokenOf(TENANT, piece.id()), 2);
      for (String member : MEMBERS) {
        assertThat(ingesters.get(member).find(TENANT, piece.id()).isPresent())
            .as("trace %s on %s (owners %s)", piece.id(), member, owners)
            .isEqualTo(owners.contains(member));
      }
    }
  }

  @Test
  void aSilentOwnerFailsThePushOfItsTracesForWantOfQuorum() {
    start(Overrides.UNLIMITED);
    endpoints.remove("c").close();
    List<Trace> pieces = new TestTraces(2).sorted(30, 3);

    assertThatThrownBy(() -> sink(2).push(TENANT, pieces))
        .isInstanceOf(RingUnavailableException.class)
        .hasMessageContaining("Cannot push spans: 1 of 2 owners of")
        .hasMessageContaining("(quorum 2)");
    // With one copy wanted, the traces c owns fail and the others are kept.
    assertThatThrownBy(() -> sink(1).push(TENANT, pieces)).hasMessageContaining("0 of 1 owners");
  }

  @Test
  void perTraceRefusalsOfRemoteOwnersReachTheDistributorOnce() {
    Limits tiny = new Limits(0, 0, 0, 2_000, Duration.ZERO);
    start(Overrides.of(tiny));
    TestTraces traces = new TestTraces(3);
    List<Trace> pieces = new ArrayList<>(traces.sorted(20, 1));
    pieces.add(traces.trace(200));

    List<Refusal> refusals = sink(2).push(TENANT, pieces);

    assertThat(refusals).hasSize(1);
    assertThat(refusals.get(0).reason()).isEqualTo(RefusalReason.TRACE_TOO_LARGE);
    assertThat(refusals.get(0).spans()).isEqualTo(200);
  }
}
