package dev.andante.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.deploy.config.AndanteConfig;
import dev.andante.deploy.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class HarnessPiecesTest {
  @Test
  void percentilesAreNearestRank() {
    LatencySummary s = LatencySummary.of(LongStream.rangeClosed(1, 200).map(i -> 201 - i).toArray());
    assertThat(s).isEqualTo(new LatencySummary(200, 100, 198, 200));
    assertThat(LatencySummary.of(new long[] {7})).isEqualTo(new LatencySummary(1, 7, 7, 7));
    assertThat(LatencySummary.of(new long[0])).isEqualTo(LatencySummary.EMPTY);
    assertThatThrownBy(() -> LatencySummary.percentile(new long[] {1}, 0)).hasMessageContaining("p must be in (0, 100]");
  }

  @Test
  void generatedLocalConfigIsOneAndanteAccepts() {
    AndanteYaml yaml = new AndanteYaml(AndanteYaml.StoreTarget.local(Path.of("/tmp/blocks dir")), Path.of("/tmp/wal"),
        Duration.ofSeconds(2), Duration.ofMillis(1500), 1_000_000, "always");
    AndanteConfig config = ConfigLoader.plain().parse(yaml.render(), "test");

    assertThat(config.ingester().traceIdlePeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.ingester().maxBlockDuration()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.ingester().maxBlockBytes()).isEqualTo(1_000_000);
    assertThat(yaml.render()).contains("path: \"/tmp/blocks dir\"").contains("rate_limit_bytes: 0");
  }

  @Test
  void generatedS3ConfigIsOneAndanteAccepts() {
    AndanteYaml yaml = new AndanteYaml(AndanteYaml.StoreTarget.s3("http://127.0.0.1:9000", "bench", "key", "secret"),
        Path.of("/tmp/wal"), Duration.ofSeconds(2), Duration.ofSeconds(5), 1_000_000, "never");
    AndanteConfig config = ConfigLoader.plain().parse(yaml.render(), "test");

    assertThat(config.storage().backend().toString()).containsIgnoringCase("s3");
    assertThat(yaml.render()).contains("bucket: bench").contains("fsync: never");
  }

  @Test
  void configRefusesAnUnknownFsyncMode() {
    assertThatThrownBy(() -> new AndanteYaml(AndanteYaml.StoreTarget.local(Path.of("x")), Path.of("w"),
        Duration.ofSeconds(1), Duration.ofSeconds(1), 1, "sometimes")).hasMessageContaining("fsync must be always or never");
  }

  @Test
  void readsHeapFromAGcLog() {
    GcLog gc = GcLog.parse("""
        [0.011s][info][gc] Using G1
        [1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 51M->12M(1024M) 3.1ms
        [2.345s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 412M->98M(1024M) 4.2ms
        [3.456s][info][gc] GC(2) Pause Young (Concurrent Start) (G1 Humongous Allocation) 300M->120M(1024M) 5.0ms
        """);
    assertThat(gc).isEqualTo(new GcLog(3, 412, 120, 1024));
  }

  @Test
  void sumsAPrometheusCounterOverItsLabels() {
    String exposition = """
        # TYPE andante_discarded_spans_total counter
        andante_discarded_spans_total{tenant="a",reason="rate_limited"} 3
        andante_discarded_spans_total{tenant="b",reason="trace_too_large"} 4
        andante_ingester_spans_accepted_total 1.2345e6
        """;
    assertThat(Http.counter(exposition, "andante_discarded_spans_total")).isEqualTo(7);
    assertThat(Http.counter(exposition, "andante_ingester_spans_accepted_total")).isEqualTo(1_234_500);
    assertThat(Http.counter(exposition, "absent_total")).isZero();
  }

  @Test
  void parsesFlagsAndDurations() {
    HarnessOptions o = HarnessOptions.parse(new String[] {"--backends", "s3", "--duration=2m", "--blocks", "5,50", "--no-zipkin"});
    assertThat(o.backends()).containsExactly("s3");
    assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.blockCounts()).containsExactly(5, 50);
    assertThat(o.zipkin()).isFalse();
    assertThat(o.describe()).contains("--duration 120s").contains("--no-zipkin");
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--duration", "soon"})).hasMessageContaining("--duration must be a duration");
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--backends", "gcs"})).hasMessageContaining("--backends must list local and/or s3");
    assertThatThrownBy(() -> HarnessOptions.parse(new String[] {"--blocks", "100,10"})).hasMessageContaining("--blocks must be increasing");
  }

  @Test
  void missingIdsBorrowTheHintsOfFoundOnes() {
    var found = java.util.List.of(new RequestPool.TraceRef("ab", 5_000_000_000L, 7_500_000_000L));
    var missing = Lookups.missing(3, found, 1);
    assertThat(missing).hasSize(3).allSatisfy(m -> {
      assertThat(m.idHex()).hasSize(32);
      assertThat(m.startNanos()).isEqualTo(5_000_000_000L);
    });
    assertThat(new Lookups("http://h", "/api/traces/%s", null).uri(found.get(0), true))
        .isEqualTo("http://h/api/traces/ab?start=5&end=8");
  }
}
