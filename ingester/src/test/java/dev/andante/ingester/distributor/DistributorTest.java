package dev.andante.ingester.distributor;

import static dev.andante.ingester.testing.Spans.id;
import static dev.andante.ingester.testing.Spans.request;
import static dev.andante.ingester.testing.Spans.resourceSpans;
import static dev.andante.ingester.testing.Spans.span;
import static dev.andante.ingester.testing.Spans.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistributorTest {
  private static final TenantId TENANT = new TenantId("acme");

  private final List<Trace> pushed = new ArrayList<>();
  private final Distributor distributor = new Distributor((tenant, pieces) -> {
    pushed.addAll(pieces);
    return List.of();
  });

  @Test
  void splitsARequestIntoOnePiecePerTraceKeepingResourcesAndScopes() {
    byte[] a = traceId(0xA1);
    byte[] b = traceId(0xB2);
    PushResult result =
        distributor.push(
            TENANT,
            request(
                resourceSpans("frontend", span(a, id(8, 1), "GET /"), span(b, id(8, 2), "GET /cart")),
                resourceSpans("checkout", span(a, id(8, 3), "charge"))));

    assertThat(result).isEqualTo(PushResult.accepted(3));
    assertThat(pushed).extracting(Trace::id).containsExactly(TraceId.of(a), TraceId.of(b));
    Trace first = pushed.get(0);
    assertThat(first.spanCount()).isEqualTo(2);
    assertThat(first.resourceSpans())
        .extracting(rs -> rs.getResource().getAttributes(0).getValue().getStringValue())
        .containsExactly("frontend", "checkout");
    assertThat(first.resourceSpans().get(0).getScopeSpans(0).getScope().getName()).isEqualTo("test-scope");
    assertThat(pushed.get(1).resourceSpans()).hasSize(1);
    assertThat(pushed.get(1).resourceSpans().get(0).getScopeSpans(0).getSpans(0).getName()).isEqualTo("GET /cart");
  }

  @Test
  void refusesMalformedIdsWithCountsAndKeepsTheRest() {
    byte[] good = traceId(7);
    PushResult result =
        distributor.push(
            TENANT,
            request(
                resourceSpans(
                    "svc",
                    span(id(8, 1), id(8, 1), "short-1"),
                    span(id(8, 2), id(8, 2), "short-2"),
                    span(good, id(8, 3), "ok"),
                    span(id(8, 3), id(8, 3), "short-3"),
                    span(id(16, 0), id(8, 4), "zero-trace"),
                    span(good, id(8, 0), "zero-span"),
                    span(good, id(4, 1), "short-span"),
                    span(good, id(8, 5), "ok-2").toBuilder().setParentSpanId(com.google.protobuf.ByteString.copyFrom(id(3, 1))).build())));

    assertThat(result.acceptedSpans()).isEqualTo(1);
    assertThat(result.rejectedSpans()).isEqualTo(7);
    assertThat(result.errorMessage())
        .contains("3 spans refused: trace_id must be 16 bytes, got 8")
        .contains("1 span refused: trace_id must not be all zero")
        .contains("1 span refused: span_id must not be all zero")
        .contains("1 span refused: span_id must be 8 bytes, got 4")
        .contains("1 span refused: parent_span_id must be empty or 8 bytes, got 3");
    assertThat(pushed).hasSize(1);
    assertThat(pushed.get(0).resourceSpans().get(0).getScopeSpans(0).getSpansList())
        .extracting(s -> s.getName())
        .containsExactly("ok");
  }

  @Test
  void pushesNothingWhenEverySpanIsRefused() {
    PushResult result = distributor.push(TENANT, request(resourceSpans("svc", span(id(8, 1), id(8, 1), "bad"))));

    assertThat(result.acceptedSpans()).isZero();
    assertThat(result.isPartial()).isTrue();
    assertThat(pushed).isEmpty();
  }

  @Test
  void dropsResourcesAndScopesLeftWithoutSpans() {
    byte[] a = traceId(1);
    ResourceSpans twoScopes =
        resourceSpans("svc", span(a, id(8, 1), "kept")).toBuilder()
            .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(id(8, 9), id(8, 9), "refused")))
            .build();

    distributor.push(TENANT, request(twoScopes, resourceSpans("empty")));

    assertThat(pushed).hasSize(1);
    assertThat(pushed.get(0).resourceSpans()).hasSize(1);
    assertThat(pushed.get(0).resourceSpans().get(0).getScopeSpansList()).hasSize(1);
  }

  @Test
  void checksArguments() {
    assertThatThrownBy(() -> new Distributor(null)).hasMessageContaining("sink must not be null");
    assertThatThrownBy(() -> distributor.push(null, request())).hasMessageContaining("tenant must not be null");
  }

  @Test
  void aFullSinkRefusesBeforeTheRequestIsSplit() {
    Distributor full = new Distributor(new TraceSink() {
      @Override
      public List<dev.andante.ingester.limits.Refusal> push(TenantId tenant, List<Trace> pieces) {
        throw new AssertionError("nothing reaches a full sink");
      }

      @Override
      public void checkCapacity() {
        throw new dev.andante.ingester.limits.PushRefusedException(
            dev.andante.ingester.limits.RefusalReason.MEMORY_BUDGET, 0, java.time.Duration.ofSeconds(1), "Cannot accept spans: full");
      }
    });
    byte[] notEvenProtobuf = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> full.push(TENANT, notEvenProtobuf))
        .isInstanceOf(dev.andante.ingester.limits.PushRefusedException.class)
        .hasMessageContaining("full");
  }
}
