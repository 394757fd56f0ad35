package dev.andante.ingester.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.v1.V1Encoding;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.Ingester;
import dev.andante.ingester.distributor.PushResult;
import dev.andante.ingester.testing.Configs;
import dev.andante.ingester.testing.MutableClock;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each per-tenant limit refuses with its reason, its message, and a count in the metrics. */
class LimitsEnforcementTest {
  private static final TenantId TENANT = new TenantId("acme");
  private static final TenantId OTHER = new TenantId("globex");

  @TempDir Path walDir;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final TestTraces generator = new TestTraces(5);
  private Ingester ingester;

  private Ingester ingester(Overrides overrides) {
    ingester =
        new Ingester(
            Configs.ephemeral(false, 1 << 20), new Backend(new MemoryObjectStore()), new V1Encoding(),
            BlockConfig.DEFAULT, walDir, clock, overrides);
    return ingester;
  }

  @AfterEach
  void close() {
    if (ingester != null) {
      ingester.close();
    }
  }

  private static ExportTraceServiceRequest request(Trace... traces) {
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    for (Trace t : traces) {
      b.addAllResourceSpans(t.resourceSpans());
    }
    return b.build();
  }

  @Test
  void aTenantOverItsRateIsRefusedWithTheWaitUntilItFits() {
    ExportTraceServiceRequest request = request(generator.trace(10));
    long size = request.getSerializedSize();
    ingester(Overrides.of(new Limits(size, 2 * size, 0, 0, Duration.ZERO)));

    ingester.push(TENANT, request);
    ingester.push(TENANT, request);
    assertThatThrownBy(() -> ingester.push(TENANT, request))
        .isInstanceOfSatisfying(
            PushRefusedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RefusalReason.RATE_LIMITED);
              assertThat(e.isBackPressure()).isFalse();
              assertThat(e.retryAfter()).isBetween(Duration.ofMillis(900), Duration.ofMillis(1000));
            })
        .hasMessageContaining("rate_limit_bytes");
    assertThat(ingester.push(OTHER, request).acceptedSpans()).as("other tenants have their own bucket").isEqualTo(10);

    clock.advance(Duration.ofSeconds(1));
    assertThat(ingester.push(TENANT, request).acceptedSpans()).isEqualTo(10);
    assertThat(ingester.metrics().discardedSpans(TENANT, RefusalReason.RATE_LIMITED)).isEqualTo(10);
    assertThat(ingester.metrics().scrape())
        .contains("andante_discarded_spans_total{tenant=\"acme\",reason=\"rate_limited\"} 10")
        .contains("andante_ingester_refused_requests_total{reason=\"rate_limited\"} 1");
  }

  @Test
  void aRequestLargerThanTheBurstIsRefusedSayingSo() {
    ingester(Overrides.of(new Limits(10, 100, 0, 0, Duration.ZERO)));
    assertThatThrownBy(() -> ingester.push(TENANT, request(generator.trace(10))))
        .isInstanceOf(PushRefusedException.class)
        .hasMessageContaining("burst_size_bytes (100)");
  }

  @Test
  void newTracesPastMaxLiveTracesAreRefusedAsAPartialSuccess() {
    ingester(Overrides.of(new Limits(0, 0, 3, 0, Duration.ZERO)));
    Trace[] traces = {generator.trace(2), generator.trace(2), generator.trace(2), generator.trace(4), generator.trace(4)};

    PushResult result = ingester.push(TENANT, request(traces));

    assertThat(result.acceptedSpans()).isEqualTo(6);
    assertThat(result.rejectedSpans()).isEqualTo(8);
    assertThat(result.errorMessage()).contains("max_traces_per_user is 3").contains("(and 1 more traces)");
    // A live trace still takes spans; a whole request of new traces is refused as retryable.
    assertThat(ingester.push(TENANT, request(traces[0])).acceptedSpans()).isEqualTo(2);
    assertThatThrownBy(() -> ingester.push(TENANT, request(generator.trace(3))))
        .isInstanceOfSatisfying(PushRefusedException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.LIVE_TRACES_EXCEEDED))
        .hasMessageContaining("max live traces exceeded");
    assertThat(ingester.metrics().discardedSpans(TENANT, RefusalReason.LIVE_TRACES_EXCEEDED)).isEqualTo(11);
  }

  @Test
  void spansThatWouldTakeATracePastMaxBytesAreRefused() {
    Trace big = generator.trace(20);
    Trace small = generator.trace(2);
    long bigSize = request(big).getSerializedSize();
    ingester(Overrides.of(new Limits(0, 0, 0, bigSize / 2, Duration.ZERO)));

    PushResult result = ingester.push(TENANT, request(small, big));

    assertThat(result.acceptedSpans()).isEqualTo(2);
    assertThat(result.rejectedSpans()).isEqualTo(20);
    assertThat(result.errorMessage()).contains("trace " + big.id()).contains("max_bytes_per_trace");
    assertThat(ingester.metrics().discardedSpans(TENANT, RefusalReason.TRACE_TOO_LARGE)).isEqualTo(20);
  }

  @Test
  void perTenantOverridesReplaceTheDefaultsKeyByKeyAndAreReread() throws Exception {
    Path file = walDir.resolve("overrides.yaml");
    Files.writeString(file, "overrides:\n  acme:\n    ingestion:\n      max_traces_per_user: 1\n");
    Limits defaults = new Limits(1000, 2000, 10, 5000, Duration.ZERO);
    try (OverridesFile overrides = OverridesFile.open(file, defaults, Duration.ofHours(1))) {
      assertThat(overrides.limits(TENANT)).isEqualTo(new Limits(1000, 2000, 1, 5000, Duration.ZERO));
      assertThat(overrides.limits(OTHER)).isEqualTo(defaults);

      Files.writeString(file, "overrides:\n  acme:\n    global: {max_bytes_per_trace: 7}\n    compaction: {block_retention: 48h}\n");
      overrides.reload();
      assertThat(overrides.limits(TENANT)).isEqualTo(new Limits(1000, 2000, 10, 7, Duration.ofHours(48)));

      Files.writeString(file, "overrides:\n  acme:\n    ingestion: {max_trace_per_user: 1}\n");
      assertThatThrownBy(overrides::reload).hasMessageContaining("unknown key overrides.acme.ingestion.max_trace_per_user");
      assertThat(overrides.limits(TENANT).maxBytesPerTrace()).as("a bad file keeps the previous limits").isEqualTo(7);
    }
  }

  @Test
  void defaultsAreParsedFromTheConfigTreeNamingBadKeys() {
    Limits parsed =
        LimitsParser.parse(
            Map.of("ingestion", Map.of("rate_limit_bytes", 100, "burst_size_bytes", 200), "global", Map.of("max_bytes_per_trace", 50)),
            Limits.DEFAULT,
            "overrides.defaults");
    assertThat(parsed).isEqualTo(new Limits(100, 200, Limits.DEFAULT_MAX_TRACES_PER_USER, 50, Duration.ZERO));
    assertThatThrownBy(() -> LimitsParser.parse(Map.of("ingestion", Map.of("rate_limit_bytes", "fast")), Limits.DEFAULT, "overrides.defaults"))
        .hasMessageContaining("overrides.defaults.ingestion.rate_limit_bytes must be a whole number");
    assertThatThrownBy(() -> LimitsParser.parse(Map.of("ingestion", Map.of("burst_size_bytes", 0)), Limits.DEFAULT, "overrides.defaults"))
        .hasMessageContaining("burst_size_bytes must be positive");
  }
}
