package dev.andante.ingester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.v1.V1Encoding;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.testing.TraceNormalizer;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.limits.PushRefusedException;
import dev.andante.ingester.limits.RefusalReason;
import dev.andante.ingester.testing.Configs;
import dev.andante.ingester.testing.FlakyObjectStore;
import dev.andante.ingester.testing.MutableClock;
import dev.andante.ingester.wal.FsyncPolicy;
import dev.andante.ingester.wal.SegmentedWal;
import dev.andante.ingester.wal.WalConfig;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-ahead log under the ingester: replay after a crash, truncation, torn tails, disk budget. */
class IngesterWalTest {
  private static final TenantId TENANT = new TenantId("acme");
  private static final Duration IDLE = Duration.ofSeconds(5);
  private static final long SEGMENT_BYTES = 16 * 1024;

  @TempDir Path walDir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final MemoryObjectStore memory = new MemoryObjectStore();
  private final FlakyObjectStore store = new FlakyObjectStore(memory);
  private final Backend backend = new Backend(store);
  private final TestTraces generator = new TestTraces(11);
  private final List<Ingester> opened = new ArrayList<>();

  private Ingester ingester(long diskBudget) {
    IngesterConfig config =
        Configs.timing(IDLE, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofHours(1))
            .withWal(new WalConfig(FsyncPolicy.ALWAYS, SEGMENT_BYTES))
            .withWalDiskBudgetBytes(diskBudget);
    Ingester ingester = new Ingester(config, backend, new V1Encoding(), BlockConfig.DEFAULT, walDir, clock);
    opened.add(ingester);
    return ingester;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(Ingester::close);
  }

  private List<Trace> push(Ingester ingester, int count) {
    List<Trace> traces = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Trace trace = generator.trace(2 + i % 4);
      ingester.push(TENANT, ExportTraceServiceRequest.newBuilder().addAllResourceSpans(trace.resourceSpans()).build());
      traces.add(trace);
    }
    return traces;
  }

  private void assertFindsEach(Ingester ingester, List<Trace> traces) {
    for (Trace trace : traces) {
      Trace found = ingester.find(TENANT, trace.id()).orElseThrow(() -> new AssertionError("missing " + trace.id()));
      assertThat(TraceNormalizer.normalize(found)).as("trace %s", trace.id()).isEqualTo(TraceNormalizer.normalize(trace));
    }
  }

  private long segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(walDir.resolve(SegmentedWal.SEGMENTS_DIR))) {
      return files.count();
    }
  }

  @Test
  void whatWasInMemoryWhenTheProcessDiedIsReplayedAndFlushed() {
    Ingester crashed = ingester(1L << 30);
    crashed.start();
    List<Trace> traces = push(crashed, 200);
    crashed.close(); // no flush: only the log holds them

    Ingester restarted = ingester(1L << 30);
    restarted.start();

    assertThat(restarted.metrics().scrape()).contains("andante_ingester_wal_replayed_records_total 200");
    await().atMost(Duration.ofSeconds(30)).until(() -> restarted.pendingFlushes() == 0);
    assertThat(backend.blocks(TENANT)).isNotEmpty();
    assertFindsEach(restarted, traces);
  }

  @Test
  void segmentsAreDeletedOnceTheirTracesAreInABlock() throws Exception {
    Ingester ingester = ingester(1L << 30);
    ingester.start();
    push(ingester, 300);
    assertThat(segmentFiles()).isGreaterThan(3);

    assertThat(ingester.flushAll(Duration.ofSeconds(30))).isTrue();

    assertThat(segmentFiles()).isEqualTo(1); // the current one is never deleted
    // Nothing is replayed twice after a clean shutdown, as nothing was left behind.
    ingester.close();
    Ingester restarted = ingester(1L << 30);
    restarted.start();
    assertThat(restarted.metrics().scrape()).contains("andante_ingester_wal_replayed_records_total 0");
  }

  @Test
  void aLiveTraceKeepsItsSegmentsUntilItsBlockIsWritten() throws Exception {
    Ingester ingester = ingester(1L << 30);
    ingester.start();
    List<Trace> early = push(ingester, 1);
    clock.advance(IDLE.dividedBy(2));
    push(ingester, 300); // fills several segments after the early trace's
    clock.advance(IDLE.dividedBy(2));
    ingester.sweep(); // only the early trace is idle: cut? no, the head is not due yet
    assertThat(ingester.flushAll(Duration.ofSeconds(30))).isTrue();
    assertThat(segmentFiles()).isEqualTo(1);
    assertFindsEach(ingester, early);
  }

  @Test
  void aLongLivedTraceIsLoggedAgainSoItDoesNotPinEverySegmentSinceItsFirstSpan() throws Exception {
    Ingester ingester = ingester(1L << 30);
    ingester.start();
    TraceId longId = generator.randomId();
    int longSpans = 0;
    for (int i = 0; i < 10; i++) {
      push(ingester, 20);
      clock.advance(Duration.ofMinutes(1));
      ingester.push(TENANT, List.of(generator.trace(longId, 2)));
      longSpans += 2;
      ingester.sweep(); // the others go to a new head block
      clock.advance(Duration.ofMinutes(1));
      ingester.push(TENANT, List.of(generator.trace(longId, 2)));
      longSpans += 2;
      ingester.sweep(); // the head block is due: cut and flushed
      await().atMost(Duration.ofSeconds(30)).until(() -> ingester.pendingFlushes() == 0);
    }
    ingester.sweep();

    assertThat(ingester.metrics().relogged()).isPositive();
    assertThat(segmentFiles()).isLessThanOrEqualTo(3);
    ingester.close();

    // After a crash the trace is whole, each span once, though some were logged twice.
    Ingester restarted = ingester(1L << 30);
    restarted.start();
    assertThat(restarted.find(TENANT, longId).orElseThrow().spanCount()).isEqualTo(longSpans);
  }

  @Test
  void aTornTailIsSkippedKeepingEveryRecordBeforeIt() throws Exception {
    Ingester crashed = ingester(1L << 30);
    crashed.start();
    List<Trace> traces = push(crashed, 20);
    crashed.close();
    Path last;
    try (Stream<Path> files = Files.list(walDir.resolve(SegmentedWal.SEGMENTS_DIR))) {
      last = files.sorted().reduce((a, b) -> b).orElseThrow();
    }
    // A record header promising more bytes than were written, as a crash mid-write leaves it.
    Files.write(last, new byte[] {(byte) 0xff, 0x01, 0, 0, 1, 2, 3, 4, 5}, StandardOpenOption.APPEND);

    Ingester restarted = ingester(1L << 30);
    restarted.start();

    assertThat(restarted.metrics().scrape()).contains("andante_ingester_wal_torn_tails_total 1");
    assertFindsEach(restarted, traces);
  }

  @Test
  void pushesAreRefusedOnceTheLogUsesItsBudgetAndAcceptedAgainWhenTheStoreReturns() throws Exception {
    Ingester ingester = ingester(4 * SEGMENT_BYTES);
    ingester.start();
    store.failNextWrites(Integer.MAX_VALUE);
    List<Trace> accepted = new ArrayList<>();
    PushRefusedException refused = null;
    for (int i = 0; i < 1000 && refused == null; i++) {
      try {
        accepted.addAll(push(ingester, 1));
        if (i % 20 == 0) {
          ingester.flushAll(Duration.ofMillis(1)); // cut blocks that cannot be written
        }
      } catch (PushRefusedException e) {
        refused = e;
      }
    }
    assertThat(refused).isNotNull();
    assertThat(refused.reason()).isEqualTo(RefusalReason.WAL_DISK_BUDGET);
    assertThat(refused.isBackPressure()).isTrue();
    assertThat(refused).hasMessageContaining("ingester.wal_disk_budget_bytes");
    assertThat(refused.retryAfter()).isPositive();
    assertThat(ingester.metrics().refusedRequests(RefusalReason.WAL_DISK_BUDGET)).isEqualTo(1);
    // The flush queue's threads attempt the cut blocks on their own schedule.
    await().atMost(Duration.ofSeconds(30)).until(() -> ingester.metrics().flushFailures() > 0);

    store.failNextWrites(0);
    await().atMost(Duration.ofSeconds(60)).until(() -> ingester.pendingFlushes() == 0);
    assertThat(ingester.flushAll(Duration.ofSeconds(60))).isTrue();
    assertThat(ingester.wal().diskBytes()).isLessThan(4 * SEGMENT_BYTES);
    accepted.addAll(push(ingester, 5));
    assertFindsEach(ingester, accepted);
  }

  @Test
  void aTraceThatNeverGoesIdleIsStillCutAfterTheLivePeriod() {
    IngesterConfig config =
        Configs.timing(IDLE, Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofHours(1))
            .withTraceLivePeriod(Duration.ofSeconds(30));
    Ingester ingester = new Ingester(config, backend, new V1Encoding(), BlockConfig.DEFAULT, walDir, clock);
    opened.add(ingester);
    Trace trace = generator.trace(40);
    for (int i = 0; i < 10; i++) {
      ingester.push(TENANT, List.of(new Trace(trace.id(), trace.resourceSpans().subList(0, 1))));
      clock.advance(Duration.ofSeconds(4)); // never idle for 5 s
      ingester.sweep();
    }
    assertThat(ingester.stats(TENANT).orElseThrow().headTraces()).isEqualTo(1);
  }

  @Test
  void configNamesTheKeysItRefuses() {
    assertThatThrownBy(() -> new WalConfig(FsyncPolicy.ALWAYS, 100)).hasMessageContaining("storage.trace.wal.segment_bytes");
    assertThatThrownBy(() -> IngesterConfig.DEFAULT.withWalDiskBudgetBytes(1000)).hasMessageContaining("ingester.wal_disk_budget_bytes");
    assertThatThrownBy(() -> IngesterConfig.DEFAULT.withTraceLivePeriod(Duration.ZERO)).hasMessageContaining("ingester.trace_live_period");
    assertThatThrownBy(() -> FsyncPolicy.parse("sometimes")).hasMessageContaining("storage.trace.wal.fsync");
  }
}
