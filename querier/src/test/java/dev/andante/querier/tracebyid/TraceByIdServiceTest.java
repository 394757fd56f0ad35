package dev.andante.querier.tracebyid;

import static dev.andante.querier.testing.Spans.batch;
import static dev.andante.querier.testing.Spans.span;
import static dev.andante.querier.testing.Spans.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.testing.TraceNormalizer;
import dev.andante.blockformat.trace.Trace;
import dev.andante.querier.QuerierConfig;
import dev.andante.querier.testing.MemoryRecentTraces;
import dev.andante.querier.testing.TestBlocks;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceByIdServiceTest {
  private static final TenantId ACME = new TenantId("acme");
  private static final TenantId GLOBEX = new TenantId("globex");
  private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
  private static final TraceId ID = TraceId.parseHex("4bf92f3577b34da6a3ce929d0e0e4736");
  private static final QuerierConfig CONFIG =
      new QuerierConfig("127.0.0.1", 0, true, Duration.ofSeconds(10), 4);

  @TempDir Path staging;
  private TestBlocks blocks;
  private final MemoryRecentTraces recent = new MemoryRecentTraces();
  private final List<TraceByIdService> services = new ArrayList<>();

  @BeforeEach
  void setUp() {
    blocks = new TestBlocks(staging);
  }

  @AfterEach
  void tearDown() {
    services.forEach(TraceByIdService::close);
  }

  private TraceByIdService service(RecentTraceSource source, QuerierConfig config) {
    TraceByIdService service = new TraceByIdService(config, blocks.blocklist, blocks.readers, source);
    services.add(service);
    return service;
  }

  private TraceByIdService service() {
    return service(recent, CONFIG);
  }

  private static Trace otherTrace(long high, Instant at) {
    TraceId id = TraceId.of(high, 7);
    return trace(id, batch("shipping", span(id, 1, 0, "GET /ship", at)));
  }

  @Test
  void findsATraceInABlock() {
    Span root = span(ID, 1, 0, "GET /cart", T0);
    Span child = span(ID, 2, 1, "SELECT cart", T0.plusMillis(3));
    Trace written = trace(ID, batch("frontend", root), batch("cart", child));
    blocks.write(ACME, written, otherTrace(1, T0), otherTrace(-1, T0));

    TraceLookup lookup = service().find(ACME, ID, TimeRange.UNBOUNDED);

    assertThat(lookup.trace()).isPresent();
    assertThat(normalized(lookup.trace().get())).isEqualTo(normalized(written));
    assertThat(lookup.blocksRead()).isEqualTo(1);
    assertThat(lookup.partial()).isFalse();
  }

  @Test
  void unknownTraceIsEmpty() {
    blocks.write(ACME, otherTrace(1, T0), otherTrace(-1, T0));

    TraceLookup lookup = service().find(ACME, ID, TimeRange.UNBOUNDED);

    assertThat(lookup.trace()).isEmpty();
    assertThat(lookup.partial()).isFalse();
  }

  @Test
  void combinesPartsFromBlocksAndRecentTracesWithDuplicateSpansOnce() {
    Span root = span(ID, 1, 0, "GET /checkout", T0);
    Span pay = span(ID, 2, 1, "POST /pay", T0.plusMillis(5));
    Span ship = span(ID, 3, 1, "POST /ship", T0.plusMillis(9));
    Span email = span(ID, 4, 1, "send receipt", T0.plusSeconds(40));
    blocks.write(ACME, trace(ID, batch("frontend", root), batch("payments", pay)));
    blocks.write(ACME, trace(ID, batch("payments", pay), batch("shipping", ship))); // pay again
    recent.put(ACME, trace(ID, batch("shipping", ship), batch("email", email)));       // ship again

    TraceLookup lookup = service().find(ACME, ID, TimeRange.UNBOUNDED);

    Trace whole = trace(ID, batch("frontend", root), batch("payments", pay), batch("shipping", ship), batch("email", email));
    assertThat(lookup.trace()).isPresent();
    assertThat(lookup.trace().get().spanCount()).isEqualTo(4);
    assertThat(normalized(lookup.trace().get())).isEqualTo(normalized(whole));
    assertThat(lookup.blocksRead()).isEqualTo(2);
  }

  @Test
  void timeRangeSkipsBlocksOutsideIt() {
    BlockMeta early = blocks.write(ACME, trace(ID, batch("frontend", span(ID, 1, 0, "GET /a", T0))));
    BlockMeta late = blocks.write(ACME, trace(ID, batch("frontend", span(ID, 2, 1, "GET /b", T0.plusSeconds(7200)))));

    TraceLookup lookup = service().find(ACME, ID, new TimeRange(T0.minusSeconds(60), T0.plusSeconds(60)));

    assertThat(lookup.blocksRead()).isEqualTo(1);
    assertThat(blocks.finds(early)).isEqualTo(1);
    assertThat(blocks.finds(late)).isZero();
    assertThat(lookup.trace().orElseThrow().spanCount()).isEqualTo(1);

    TraceLookup all = service().find(ACME, ID, new TimeRange(T0, null));
    assertThat(all.blocksRead()).isEqualTo(2);
    assertThat(all.trace().orElseThrow().spanCount()).isEqualTo(2);
  }

  @Test
  void traceIdRangeSkipsBlocksThatCannotHoldTheId() {
    BlockMeta below = blocks.write(ACME, otherTrace(1, T0), otherTrace(2, T0));

    TraceLookup lookup = service().find(ACME, ID, TimeRange.UNBOUNDED);

    assertThat(lookup.blocksRead()).isZero();
    assertThat(blocks.finds(below)).isZero();
  }

  @Test
  void tenantsDoNotSeeEachOthersTraces() {
    blocks.write(ACME, trace(ID, batch("frontend", span(ID, 1, 0, "GET /", T0))));
    recent.put(ACME, trace(ID, batch("frontend", span(ID, 2, 1, "GET /x", T0))));

    assertThat(service().find(GLOBEX, ID, TimeRange.UNBOUNDED).trace()).isEmpty();
  }

  @Test
  void unreadableBlockGivesAPartialTraceFromTheRest() {
    Span root = span(ID, 1, 0, "GET /checkout", T0);
    Span pay = span(ID, 2, 1, "POST /pay", T0);
    BlockMeta broken = blocks.write(ACME, trace(ID, batch("frontend", root)), otherTrace(-1, T0));
    blocks.write(ACME, trace(ID, batch("payments", pay)));
    for (String key : blocks.store.list(broken.tenantId() + "/" + broken.blockId() + "/")) {
      if (!key.endsWith("/meta.json")) {
        blocks.store.write(key, "garbage, not a block".getBytes(StandardCharsets.UTF_8));
      }
    }

    TraceLookup lookup = service().find(ACME, ID, TimeRange.UNBOUNDED);

    assertThat(lookup.blockFailures()).isEqualTo(1);
    assertThat(lookup.partial()).isTrue();
    assertThat(normalized(lookup.trace().orElseThrow())).isEqualTo(normalized(trace(ID, batch("payments", pay))));
  }

  @Test
  void moreBlocksThanReadThreadsAreAskedInRunsAndABrokenOneDoesNotHideTheRestOfItsRun() {
    List<BlockMeta> metas = new ArrayList<>();
    for (int b = 0; b < 13; b++) {
      metas.add(blocks.write(ACME, trace(ID, batch("svc-" + b, span(ID, b + 1, 0, "op " + b, T0))), otherTrace(-1 - b, T0)));
    }
    BlockMeta broken = metas.get(5); // in the middle of a run of three or four blocks
    for (String key : blocks.store.list(broken.tenantId() + "/" + broken.blockId() + "/")) {
      if (!key.endsWith("/meta.json")) {
        blocks.store.write(key, "garbage, not a block".getBytes(StandardCharsets.UTF_8));
      }
    }

    TraceLookup lookup = service().find(ACME, ID, TimeRange.UNBOUNDED);

    assertThat(lookup.blocksRead()).isEqualTo(13);
    assertThat(lookup.blockFailures()).isEqualTo(1);
    assertThat(lookup.trace().orElseThrow().spanCount()).isEqualTo(12);
    assertThat(metas).allSatisfy(meta -> assertThat(blocks.finds(meta)).isEqualTo(1));
  }

  @Test
  void prepareReportsTheBlocksItCouldNotPrepare() {
    for (int b = 0; b < 6; b++) {
      blocks.write(b % 2 == 0 ? ACME : GLOBEX, otherTrace(b + 1, T0));
    }
    assertThat(service().prepare()).isZero();

    BlockMeta broken = blocks.write(ACME, otherTrace(99, T0));
    blocks.store.write(broken.tenantId() + "/" + broken.blockId() + "/" + BlockKeys.FINGERPRINTS, new byte[] {1, 2, 3});
    assertThat(service().prepare()).isEqualTo(1);
  }

  @Test
  void failingRecentSourceGivesAPartialTraceFromBlocks() {
    Span root = span(ID, 1, 0, "GET /checkout", T0);
    blocks.write(ACME, trace(ID, batch("frontend", root)));
    RecentTraceSource down = (tenant, id) -> {
      throw new IllegalStateException("Cannot ask ingester: connection refused (10.0.0.7:9095)");
    };

    TraceLookup lookup = service(down, CONFIG).find(ACME, ID, TimeRange.UNBOUNDED);

    assertThat(lookup.recentFailures()).isEqualTo(1);
    assertThat(lookup.trace().orElseThrow().spanCount()).isEqualTo(1);
  }

  @Test
  void givesUpAtTheQueryTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    RecentTraceSource stuck = (tenant, id) -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
      return Optional.empty();
    };
    QuerierConfig fast = new QuerierConfig("127.0.0.1", 0, true, Duration.ofMillis(200), 2);

    assertThatThrownBy(() -> service(stuck, fast).find(ACME, ID, TimeRange.UNBOUNDED))
        .isInstanceOf(TraceLookupTimeoutException.class)
        .hasMessageContaining("Cannot find trace: no answer within PT0.2S");
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the stuck read is cancelled").isTrue();
  }

  @Test
  void checksArguments() {
    assertThatThrownBy(() -> service().find(null, ID, TimeRange.UNBOUNDED)).hasMessageContaining("tenant must not be null");
    assertThatThrownBy(() -> service().find(ACME, null, TimeRange.UNBOUNDED)).hasMessageContaining("id must not be null");
    assertThatThrownBy(() -> new TimeRange(T0, T0.minusSeconds(1))).hasMessageContaining("must not be after end");
  }

  private static Object normalized(Trace trace) {
    return TraceNormalizer.normalize(trace.resourceSpans());
  }
}
