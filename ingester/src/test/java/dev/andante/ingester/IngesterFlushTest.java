package dev.andante.ingester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.local.LocalObjectStore;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.v1.V1Encoding;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.testing.TraceNormalizer;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.live.TenantInstance;
import dev.andante.ingester.testing.Configs;
import dev.andante.ingester.testing.FlakyObjectStore;
import dev.andante.ingester.testing.MutableClock;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Traces going from memory into blocks on an object store, and staying findable throughout. */
class IngesterFlushTest {
  private static final Duration IDLE = Duration.ofSeconds(5);
  private static final Duration MAX_BLOCK = Duration.ofMinutes(1);
  private static final Duration COMPLETE_BLOCK_TIMEOUT = Duration.ofMinutes(15);
  private static final TenantId TENANT = new TenantId("acme");

  @TempDir Path walDir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final FlakyObjectStore store = new FlakyObjectStore(new MemoryObjectStore());
  private final Backend backend = new Backend(store);
  private final TestTraces generator = new TestTraces(42);
  private Ingester ingester;

  private Ingester ingester(Clock clock, Duration idle, Duration maxBlock, Duration check) {
    ingester =
        new Ingester(
            Configs.timing(idle, maxBlock, COMPLETE_BLOCK_TIMEOUT, check),
            backend,
            new V1Encoding(),
            BlockConfig.DEFAULT,
            walDir,
            clock);
    return ingester;
  }

  @AfterEach
  void close() {
    if (ingester != null) {
      ingester.close();
    }
  }

  private List<Trace> pushTraces(Ingester target, int count) {
    List<Trace> traces = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Trace trace = generator.trace(3 + i % 5);
      traces.add(trace);
      assertThat(target.push(TENANT, ExportTraceServiceRequest.newBuilder().addAllResourceSpans(trace.resourceSpans()).build()).rejectedSpans())
          .isZero();
    }
    return traces;
  }

  private List<BlockMeta> metas() {
    List<BlockMeta> metas = new ArrayList<>();
    for (var id : backend.blocks(TENANT)) {
      backend.blockMeta(TENANT, id).ifPresent(metas::add);
    }
    return metas;
  }

  private TenantInstance.Stats stats() {
    return ingester.stats(TENANT).orElseThrow();
  }

  private void assertFindsEach(List<Trace> traces) {
    for (Trace trace : traces) {
      Optional<Trace> found = ingester.find(TENANT, trace.id());
      assertThat(found).as("trace %s", trace.id()).isPresent();
      // The block encoding may reorder attributes and regroup resources: compare canonical forms.
      assertThat(TraceNormalizer.normalize(found.get())).as("trace %s", trace.id()).isEqualTo(TraceNormalizer.normalize(trace));
    }
  }

  @Test
  void idleTracesBecomeABlockThatStaysFindableUntilTheCompleteBlockTimeout() {
    Ingester ingester = ingester(clock, IDLE, MAX_BLOCK, Duration.ofSeconds(1));
    List<Trace> traces = pushTraces(ingester, 50);

    clock.advance(IDLE);
    ingester.sweep();
    assertThat(stats().liveTraces()).isZero();
    assertThat(stats().headTraces()).isEqualTo(50);
    assertThat(metas()).isEmpty();
    assertFindsEach(traces);

    clock.advance(MAX_BLOCK);
    ingester.sweep();
    await().atMost(Duration.ofSeconds(30)).until(() -> ingester.pendingFlushes() == 0);

    List<BlockMeta> metas = metas();
    assertThat(metas).hasSize(1);
    assertThat(metas.get(0).totalObjects()).isEqualTo(50);
    assertThat(metas.get(0).compactionLevel()).isZero();
    assertThat(stats()).isEqualTo(new TenantInstance.Stats(0, 0, 0, 0, 0, 1));
    // Nothing of it is left in memory: these answers come from the block.
    assertFindsEach(traces);

    clock.advance(COMPLETE_BLOCK_TIMEOUT);
    ingester.sweep();
    assertThat(stats().flushedBlocks()).isZero();
    assertThat(ingester.find(TENANT, traces.get(0).id())).isEmpty();
    assertThat(new V1Encoding().open(backend, metas.get(0)).find(traces.get(0).id())).isPresent();
  }

  @Test
  void aTraceIsCombinedFromItsBlockAndSpansThatArrivedLater() throws Exception {
    Ingester ingester = ingester(clock, IDLE, MAX_BLOCK, Duration.ofSeconds(1));
    Trace trace = generator.trace(6);
    Trace early = new Trace(trace.id(), trace.resourceSpans().subList(0, 1));
    Trace late = new Trace(trace.id(), trace.resourceSpans().subList(1, trace.resourceSpans().size()));
    ingester.push(TENANT, List.of(early));
    assertThat(ingester.flushAll(Duration.ofSeconds(30))).isTrue();
    ingester.push(TENANT, List.of(late));

    Trace found = ingester.find(TENANT, trace.id()).orElseThrow();

    assertThat(TraceNormalizer.normalize(found)).isEqualTo(TraceNormalizer.normalize(trace));
    assertThat(stats().liveTraces()).isEqualTo(1);
    assertThat(stats().flushedBlocks()).isEqualTo(1);
  }

  @Test
  void aRetriedRequestIsKeptOnceInMemoryAndInTheBlock() throws Exception {
    Ingester ingester = ingester(clock, IDLE, MAX_BLOCK, Duration.ofSeconds(1));
    Trace trace = generator.trace(5);
    ingester.push(TENANT, List.of(trace));
    ingester.push(TENANT, List.of(trace));

    assertThat(ingester.find(TENANT, trace.id()).orElseThrow().spanCount()).isEqualTo(5);
    assertThat(ingester.flushAll(Duration.ofSeconds(30))).isTrue();
    assertThat(ingester.find(TENANT, trace.id()).orElseThrow().spanCount()).isEqualTo(5);
    assertThat(metas().get(0).spans()).isEqualTo(5);
  }

  @Test
  void flushAllWritesLiveTracesOfEveryTenant() throws Exception {
    Ingester ingester = ingester(clock, IDLE, MAX_BLOCK, Duration.ofSeconds(1));
    List<Trace> traces = pushTraces(ingester, 20);
    Trace other = generator.trace(4);
    ingester.push(new TenantId("other"), List.of(other));

    assertThat(ingester.flushAll(Duration.ofSeconds(30))).isTrue();

    assertThat(metas()).hasSize(1);
    assertThat(metas().get(0).totalObjects()).isEqualTo(20);
    assertThat(backend.blocks(new TenantId("other"))).hasSize(1);
    assertThat(stats()).isEqualTo(new TenantInstance.Stats(0, 0, 0, 0, 0, 1));
    assertFindsEach(traces);
  }

  @Test
  void aFailedFlushKeepsTheBlockInMemoryAndRetriesUntilItIsWritten() throws Exception {
    Ingester ingester = ingester(clock, IDLE, MAX_BLOCK, Duration.ofSeconds(1));
    List<Trace> traces = pushTraces(ingester, 10);
    store.failNextWrites(2);

    ingester.flushAll(Duration.ofMillis(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> store.failedWrites() >= 1);
    assertFindsEach(traces);

    assertThat(ingester.flushAll(Duration.ofSeconds(30))).isTrue();
    assertThat(store.failedWrites()).isEqualTo(2);
    assertThat(metas()).hasSize(1);
    assertThat(metas().get(0).totalObjects()).isEqualTo(10);
    assertFindsEach(traces);
  }

  @Test
  void theSweeperCutsAndFlushesOnItsOwn() {
    Ingester ingester = ingester(Clock.systemUTC(), Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofMillis(100));
    ingester.start();
    List<Trace> traces = pushTraces(ingester, 5);

    await().atMost(Duration.ofSeconds(30)).until(() -> metas().size() == 1 && ingester.pendingFlushes() == 0);

    assertThat(metas().get(0).totalObjects()).isEqualTo(5);
    assertFindsEach(traces);
  }

  @Test
  void flushesToTheLocalBackendAndServesFromIt(@TempDir Path bucket) throws Exception {
    Backend local = new Backend(new LocalObjectStore(bucket));
    ingester =
        new Ingester(
            Configs.timing(IDLE, MAX_BLOCK, COMPLETE_BLOCK_TIMEOUT, Duration.ofSeconds(1)),
            local,
            new V1Encoding(),
            BlockConfig.DEFAULT,
            walDir,
            clock);
    List<Trace> traces = pushTraces(ingester, 30);

    assertThat(ingester.flushAll(Duration.ofSeconds(30))).isTrue();

    assertThat(local.blocks(TENANT)).hasSize(1);
    assertThat(local.blockMeta(TENANT, local.blocks(TENANT).get(0))).get().extracting(BlockMeta::totalObjects).isEqualTo(30L);
    assertThat(stats().flushedBlocks()).isEqualTo(1);
    assertFindsEach(traces);
  }

  @Test
  void leavesNoStagingFilesBehind() throws Exception {
    Ingester ingester = ingester(clock, IDLE, MAX_BLOCK, Duration.ofSeconds(1));
    pushTraces(ingester, 5);

    ingester.flushAll(Duration.ofSeconds(30));

    // The write-ahead log's segments live beside the staging directory; blocks are staged in it.
    try (var files = java.nio.file.Files.walk(walDir.resolve(Ingester.STAGING_DIR))) {
      assertThat(files.filter(java.nio.file.Files::isRegularFile)).isEmpty();
    }
  }
}
