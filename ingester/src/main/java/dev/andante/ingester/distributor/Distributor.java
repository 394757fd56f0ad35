package dev.andante.ingester.distributor;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.limits.Overrides;
import dev.andante.ingester.limits.PushRefusedException;
import dev.andante.ingester.limits.RateLimiter;
import dev.andante.ingester.limits.Refusal;
import dev.andante.ingester.limits.RefusalReason;
import dev.andante.ingester.limits.Limits;
import dev.andante.ingester.metrics.IngesterMetrics;
import java.time.Clock;
import java.time.Duration;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The write path's front door: validates every span of an export request, refuses the malformed
 * ones (keeping the rest: OTLP partial success), splits what is left into one piece per trace ID and
 * hands the pieces to a {@link TraceSink}. Requests are split as protobuf bytes, without decoding
 * them into messages ({@link RequestSplitter}); a decoded request is encoded first. Enforces the tenant's ingestion rate on the request's
 * protobuf size before anything is kept. Every refused span is counted by reason. Thread safe;
 * blocking as far as the sink blocks.
 */
public final class Distributor {
  /** Retry-After when every span of a request was refused by a per-trace limit. */
  public static final Duration LIMIT_RETRY_AFTER = Duration.ofSeconds(5);

  private final TraceSink sink;
  private final Overrides overrides;
  private final RateLimiter rateLimiter;
  private final IngesterMetrics metrics;

  /** A distributor without limits. */
  public Distributor(TraceSink sink) {
    this(sink, Overrides.UNLIMITED, new RateLimiter(Clock.systemUTC()), new IngesterMetrics());
  }

  public Distributor(TraceSink sink, Overrides overrides, RateLimiter rateLimiter, IngesterMetrics metrics) {
    if (sink == null) {
      throw new IllegalArgumentException("sink must not be null");
    }
    if (overrides == null || rateLimiter == null || metrics == null) {
      throw new IllegalArgumentException("overrides, rateLimiter and metrics must not be null");
    }
    this.sink = sink;
    this.overrides = overrides;
    this.rateLimiter = rateLimiter;
    this.metrics = metrics;
  }

  /**
   * Validates, splits and pushes {@code request}. Invalid spans and spans refused by a per-trace
   * limit are reported in the result (an OTLP partial success).
   *
   * @throws PushRefusedException when the whole request is refused: over the tenant's rate, every
   *     valid span refused by a limit, or back-pressure from the sink
   */
  public PushResult push(TenantId tenant, ExportTraceServiceRequest request) {
    return push(tenant, request, null);
  }

  /**
   * As {@link #push(TenantId, ExportTraceServiceRequest)}, with {@code wire}, the protobuf bytes
   * {@code request} was decoded from (or null). The push works on the bytes: {@code request} is
   * encoded when they are not given.
   */
  public PushResult push(TenantId tenant, ExportTraceServiceRequest request, byte[] wire) {
    if (tenant == null) {
      throw new IllegalArgumentException("tenant must not be null");
    }
    if (request == null) {
      throw new IllegalArgumentException("request must not be null");
    }
    return push(tenant, wire != null ? wire : request.toByteArray());
  }

  /**
   * As {@link #push(TenantId, ExportTraceServiceRequest)}, for a request still in protobuf bytes
   * (as received): it is split per trace without being decoded, and the sink gets the pieces as
   * bytes ({@link TraceSink#pushEncoded}).
   *
   * @throws MalformedRequestException when {@code request} is not a valid protobuf
   *     ExportTraceServiceRequest; nothing of it is kept
   * @throws PushRefusedException when the whole request is refused
   */
  public PushResult push(TenantId tenant, byte[] request) {
    if (tenant == null) {
      throw new IllegalArgumentException("tenant must not be null");
    }
    if (request == null) {
      throw new IllegalArgumentException("request must not be null");
    }
    try {
      sink.checkCapacity();
    } catch (PushRefusedException e) {
      // Refused before the split, so its spans are not counted: the client sends them again.
      metrics.requestRefused(e.reason());
      throw e;
    }
    RequestSplitter.Split split = RequestSplitter.split(request);
    RefusedSpans refused = split.refused();
    refused.counts().forEach((problem, spans) -> metrics.spansDiscarded(tenant, RefusalReason.INVALID_SPAN, spans));
    int accepted = split.accepted();
    if (!split.pieces().isEmpty()) {
      Limits limits = overrides.limits(tenant);
      checkRate(tenant, limits, request.length, accepted);
      List<Refusal> limited;
      try {
        limited = sink.pushEncoded(tenant, split.pieces(), request);
      } catch (PushRefusedException e) {
        refuse(tenant, e.reason(), accepted);
        throw e;
      }
      int limitedSpans = 0;
      for (Refusal refusal : limited) {
        metrics.spansDiscarded(tenant, refusal.reason(), refusal.spans());
        refused.add(refusal.message(), refusal.spans());
        limitedSpans += refusal.spans();
      }
      if (limitedSpans > 0 && limitedSpans >= accepted) {
        metrics.requestRefused(limited.get(0).reason());
        throw new PushRefusedException(
            limited.get(0).reason(), accepted, LIMIT_RETRY_AFTER, "Cannot accept spans: " + refused.message());
      }
      accepted -= limitedSpans;
    }
    metrics.spansAccepted(accepted);
    return new PushResult(accepted, refused.total(), refused.message());
  }

  /**
   * The valid spans of the protobuf ExportTraceServiceRequest {@code request}, one piece per trace
   * ID in order of first appearance, as {@link #push(TenantId, byte[])} hands them to the sink.
   * Deterministic, so a logged request replays into the same pieces.
   *
   * @throws MalformedRequestException when {@code request} is not a valid protobuf
   *     ExportTraceServiceRequest
   */
  public static List<EncodedPiece> encodedPieces(byte[] request) {
    return RequestSplitter.split(request).pieces();
  }

  /**
   * The valid spans of {@code request}, one piece per trace ID in order of first appearance,
   * decoded; invalid spans are dropped. The decoded form of {@link #encodedPieces}.
   */
  public static List<Trace> pieces(ExportTraceServiceRequest request) {
    Map<TraceId, List<ResourceSpans>> byTrace = new LinkedHashMap<>();
    RefusedSpans ignored = new RefusedSpans();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      split(resourceSpans, byTrace, ignored);
    }
    List<Trace> pieces = new ArrayList<>(byTrace.size());
    byTrace.forEach((id, resources) -> pieces.add(new Trace(id, resources)));
    return pieces;
  }

  private void checkRate(TenantId tenant, Limits limits, long bytes, int spans) {
    if (RateLimiter.exceedsBurst(limits, bytes)) {
      refuse(tenant, RefusalReason.RATE_LIMITED, spans);
      throw new PushRefusedException(
          RefusalReason.RATE_LIMITED,
          spans,
          LIMIT_RETRY_AFTER,
          "Cannot accept spans: the request's " + bytes + " bytes exceed tenant " + tenant
              + "'s burst_size_bytes (" + limits.burstSizeBytes() + "); send smaller batches");
    }
    Duration wait = rateLimiter.tryAcquire(tenant, limits, bytes);
    if (!wait.isZero()) {
      refuse(tenant, RefusalReason.RATE_LIMITED, spans);
      throw new PushRefusedException(
          RefusalReason.RATE_LIMITED,
          spans,
          wait,
          "Cannot accept spans: tenant " + tenant + " exceeds its ingestion rate_limit_bytes ("
              + limits.rateLimitBytes() + " bytes/s, burst " + limits.burstSizeBytes() + ")");
    }
  }

  private void refuse(TenantId tenant, RefusalReason reason, int spans) {
    metrics.requestRefused(reason);
    metrics.spansDiscarded(tenant, reason, spans);
  }

  /** Adds the valid spans of {@code resourceSpans} to {@code byTrace}; returns how many. */
  private static int split(
      ResourceSpans resourceSpans, Map<TraceId, List<ResourceSpans>> byTrace, RefusedSpans refused) {
    Map<TraceId, ResourceSpans.Builder> resourcePerTrace = new LinkedHashMap<>();
    int accepted = 0;
    for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
      Map<TraceId, ScopeSpans.Builder> scopePerTrace = new LinkedHashMap<>();
      for (Span span : scopeSpans.getSpansList()) {
        String problem = SpanValidator.problem(span);
        if (problem != null) {
          refused.add(problem);
          continue;
        }
        TraceId id = TraceId.of(span.getTraceId().toByteArray());
        scopePerTrace
            .computeIfAbsent(
                id,
                k -> ScopeSpans.newBuilder().setScope(scopeSpans.getScope()).setSchemaUrl(scopeSpans.getSchemaUrl()))
            .addSpans(span);
        accepted++;
      }
      scopePerTrace.forEach(
          (id, scope) ->
              resourcePerTrace
                  .computeIfAbsent(
                      id,
                      k ->
                          ResourceSpans.newBuilder()
                              .setResource(resourceSpans.getResource())
                              .setSchemaUrl(resourceSpans.getSchemaUrl()))
                  .addScopeSpans(scope));
    }
    resourcePerTrace.forEach(
        (id, resource) -> byTrace.computeIfAbsent(id, k -> new ArrayList<>()).add(resource.build()));
    return accepted;
  }
}
