package dev.andante.ingester.live;

import static dev.andante.ingester.testing.Spans.id;
import static dev.andante.ingester.testing.Spans.resourceSpans;
import static dev.andante.ingester.testing.Spans.span;
import static dev.andante.ingester.testing.Spans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.IngesterConfig;
import dev.andante.ingester.flush.CutBlock;
import dev.andante.ingester.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantInstanceTest {
  private static final Duration IDLE = Duration.ofSeconds(5);
  private static final Duration MAX_BLOCK = Duration.ofMinutes(1);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final TenantInstance instance = new TenantInstance(new TenantId("acme"), config(1_000_000), clock);

  private static IngesterConfig config(long maxBlockBytes) {
    IngesterConfig d = IngesterConfig.DEFAULT;
    return new IngesterConfig(
        d.otlpGrpcEndpoint(), d.otlpHttpEndpoint(), false, IDLE, MAX_BLOCK, maxBlockBytes,
        Duration.ofMinutes(15), d.flushCheckPeriod(), d.maxRequestBytes());
  }

  private static Trace piece(int trace, int span) {
    return new Trace(TraceId.of(traceId(trace)), List.of(resourceSpans("svc", span(traceId(trace), id(8, span), "op-" + span))));
  }

  @Test
  void aTraceStaysLiveUntilIdleThenWaitsInTheHeadBlockUntilItIsDue() {
    instance.append(List.of(piece(1, 1)));
    clock.advance(IDLE.minusSeconds(1));
    instance.append(List.of(piece(1, 2)));
    clock.advance(Duration.ofSeconds(2));

    assertThat(instance.sweep()).isEmpty();
    assertThat(instance.stats().liveTraces()).isEqualTo(1);

    clock.advance(IDLE);
    assertThat(instance.sweep()).isEmpty();
    assertThat(instance.stats().liveTraces()).isZero();
    assertThat(instance.stats().headTraces()).isEqualTo(1);
    assertThat(instance.find(TraceId.of(traceId(1)))).hasSize(2);

    clock.advance(MAX_BLOCK);
    List<CutBlock> cut = instance.sweep();
    assertThat(cut).hasSize(1);
    assertThat(cut.get(0).traceCount()).isEqualTo(1);
    assertThat(cut.get(0).pieces(TraceId.of(traceId(1)))).hasSize(2);
    assertThat(instance.stats().headTraces()).isZero();
    assertThat(instance.stats().cutBlocks()).isEqualTo(1);
    // Still served from memory while it is being written.
    assertThat(instance.find(TraceId.of(traceId(1)))).hasSize(2);
  }

  @Test
  void aHeadBlockIsCutAsSoonAsItReachesMaxBlockBytes() {
    TenantInstance small = new TenantInstance(new TenantId("acme"), config(1), clock);
    small.append(List.of(piece(1, 1), piece(2, 1)));
    clock.advance(IDLE);

    List<CutBlock> cut = small.sweep();

    assertThat(cut).hasSize(1);
    assertThat(cut.get(0).traces().keySet())
        .containsExactly(TraceId.of(traceId(1)), TraceId.of(traceId(2)));
    assertThat(cut.get(0).bytes()).isPositive();
  }

  @Test
  void cutAllTakesLiveTracesToo() {
    instance.append(List.of(piece(3, 1), piece(1, 1)));

    List<CutBlock> cut = instance.cutAll();

    assertThat(cut).hasSize(1);
    assertThat(cut.get(0).traces().keySet()).containsExactly(TraceId.of(traceId(1)), TraceId.of(traceId(3)));
    assertThat(instance.isFlushed()).isFalse();
    assertThat(instance.stats().liveTraces()).isZero();
    assertThat(instance.cutAll()).isEmpty();
  }

  @Test
  void spansArrivingAfterATraceWentIdleJoinItsHeadBlockEntry() {
    instance.append(List.of(piece(1, 1)));
    clock.advance(IDLE);
    instance.sweep();
    instance.append(List.of(piece(1, 2)));

    assertThat(instance.find(TraceId.of(traceId(1)))).hasSize(2);

    clock.advance(IDLE);
    instance.sweep();
    assertThat(instance.stats().headTraces()).isEqualTo(1);
    assertThat(instance.cutAll().get(0).pieces(TraceId.of(traceId(1)))).hasSize(2);
  }

  @Test
  void findsNothingForAnUnknownTrace() {
    instance.append(List.of(piece(1, 1)));

    assertThat(instance.find(TraceId.of(traceId(9)))).isEmpty();
  }
}
