package dev.andante.ingester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.andante.blockformat.TenantId;
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
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spans held in memory are bounded: past the budget pushes are refused as back-pressure, never dropped. */
class IngesterMemoryBudgetTest {
  private static final TenantId TENANT = new TenantId("acme");
  private static final long BUDGET = 64 * 1024;

  @TempDir Path walDir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final FlakyObjectStore store = new FlakyObjectStore(new MemoryObjectStore());
  private final Backend backend = new Backend(store);
  private final TestTraces generator = new TestTraces(23);
  private Ingester ingester;

  private Ingester start() {
    IngesterConfig config =
        Configs.timing(Duration.ofSeconds(5), Duration.ofMinutes(30), Duration.ofMinutes(15), Duration.ofHours(1))
            .withMaxMemoryBytes(BUDGET);
    ingester = new Ingester(config, backend, new V1Encoding(), BlockConfig.DEFAULT, walDir, clock);
    ingester.start();
    return ingester;
  }

  @AfterEach
  void close() {
    if (ingester != null) {
      ingester.close();
    }
  }

  private Trace push() {
    Trace trace = generator.trace(4);
    ingester.push(TENANT, ExportTraceServiceRequest.newBuilder().addAllResourceSpans(trace.resourceSpans()).build());
    return trace;
  }

  @Test
  void pastTheBudgetPushesAreRefusedUntilBlocksAreWrittenAndNothingAcknowledgedIsLost() {
    start();
    store.failNextWrites(Integer.MAX_VALUE); // blocks cannot be written: memory only grows
    List<Trace> accepted = new ArrayList<>();
    PushRefusedException refused = null;
    for (int i = 0; i < 10_000 && refused == null; i++) {
      try {
        accepted.add(push());
        ingester.sweep();
      } catch (PushRefusedException e) {
        refused = e;
      }
    }

    assertThat(refused).as("a push refused once the budget is used").isNotNull();
    assertThat(refused.reason()).isEqualTo(RefusalReason.MEMORY_BUDGET);
    assertThat(refused.isBackPressure()).isTrue();
    assertThat(refused).hasMessageContaining("ingester.max_memory_bytes").hasMessageContaining(String.valueOf(BUDGET));
    assertThat(refused.retryAfter()).isPositive();
    assertThat(ingester.heldBytes()).isGreaterThanOrEqualTo(BUDGET);
    assertThat(ingester.pendingFlushes()).as("past half the budget, what was held was cut into blocks").isPositive();

    store.failNextWrites(0);
    await().atMost(Duration.ofSeconds(60)).until(() -> ingester.pendingFlushes() == 0);
    assertThat(ingester.heldBytes()).isLessThan(BUDGET / 2);
    accepted.add(push());

    for (Trace trace : accepted) {
      Trace found = ingester.find(TENANT, trace.id()).orElseThrow(() -> new AssertionError("lost " + trace.id()));
      assertThat(TraceNormalizer.normalize(found)).isEqualTo(TraceNormalizer.normalize(trace));
    }
  }

  @Test
  void underHalfTheBudgetTracesStayLiveUntilIdle() {
    start();
    push();
    ingester.sweep();
    assertThat(ingester.pendingFlushes()).isZero();
    assertThat(ingester.heldBytes()).isPositive().isLessThan(BUDGET / 2);
  }

  @Test
  void theBudgetDefaultsToAShareOfTheHeap() {
    assertThat(IngesterConfig.DEFAULT.memoryBudget())
        .isEqualTo((long) (Runtime.getRuntime().maxMemory() * IngesterConfig.AUTO_MEMORY_SHARE));
    assertThat(IngesterConfig.DEFAULT.withMaxMemoryBytes(1234).memoryBudget()).isEqualTo(1234);
  }
}
