package dev.andante.ingester.testing;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Traces made with the real OpenTelemetry SDK across several services, exported by a given exporter
 * and, alongside, captured as sent, so a test can compare what a store returns with what the SDK
 * exported.
 */
public final class SdkTraces implements AutoCloseable {
  public static final List<String> SERVICES = List.of("frontend", "checkout", "payments");

  private final List<SpanData> captured = new CopyOnWriteArrayList<>();
  private final Map<String, SdkTracerProvider> providers = new HashMap<>();

  /** One tracer provider per service, each exporting with a fresh exporter from {@code exporters}. */
  public SdkTraces(Supplier<SpanExporter> exporters) {
    for (String service : SERVICES) {
      Resource resource =
          Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)));
      providers.put(
          service,
          SdkTracerProvider.builder()
              .setResource(resource)
              .addSpanProcessor(SimpleSpanProcessor.create(new Capture()))
              .addSpanProcessor(BatchSpanProcessor.builder(exporters.get()).build())
              .build());
    }
  }

  private Tracer tracer(String service) {
    return providers.get(service).get("dev.andante.test." + service, "1.2.3");
  }

  /** Makes {@code count} traces crossing every service, with attributes of every type, events and links. */
  public void emit(int count) {
    Span previousRoot = null;
    for (int i = 0; i < count; i++) {
      Span root =
          tracer("frontend")
              .spanBuilder("GET /checkout/" + i)
              .setSpanKind(SpanKind.SERVER)
              .setAttribute("http.request.method", "GET")
              .setAttribute("http.response.status_code", 200L)
              .setAttribute("sampled.ratio", 0.25)
              .setAttribute("cache.hit", true)
              .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b", "ü-ñ"))
              .setAttribute(AttributeKey.longArrayKey("ids"), List.of(1L, -2L, Long.MAX_VALUE))
              .setAttribute(AttributeKey.doubleArrayKey("weights"), List.of(0.5, -1.5))
              .setAttribute(AttributeKey.booleanArrayKey("flags"), List.of(true, false))
              .setStartTimestamp(Instant.ofEpochSecond(1_763_700_000L + i, 123_456_789))
              .startSpan();
      if (previousRoot != null) {
        root.addLink(previousRoot.getSpanContext(), Attributes.of(AttributeKey.stringKey("link.kind"), "previous"));
      }
      Context rootContext = Context.root().with(root);
      Span checkout =
          tracer("checkout").spanBuilder("PlaceOrder").setParent(rootContext).setSpanKind(SpanKind.CLIENT).startSpan();
      checkout.addEvent("cart.loaded", Attributes.of(AttributeKey.longKey("items"), 3L));
      Span db =
          tracer("checkout")
              .spanBuilder("SELECT orders")
              .setParent(rootContext.with(checkout))
              .setAttribute("db.system", "postgresql")
              .startSpan();
      db.end();
      Span charge =
          tracer("payments")
              .spanBuilder("Charge")
              .setParent(rootContext.with(checkout))
              .setSpanKind(SpanKind.SERVER)
              .startSpan();
      if (i % 2 == 0) {
        charge.recordException(new IllegalStateException("card declined"));
        charge.setStatus(StatusCode.ERROR, "card declined");
      }
      charge.end();
      checkout.end();
      root.setStatus(StatusCode.OK);
      root.end(Instant.ofEpochSecond(1_763_700_001L + i));
      previousRoot = root;
    }
  }

  /** Pushes out whatever the batch processors hold; true if every export succeeded. */
  public boolean flush() {
    List<CompletableResultCode> results = new ArrayList<>();
    providers.values().forEach(p -> results.add(p.forceFlush()));
    return CompletableResultCode.ofAll(results).join(30, TimeUnit.SECONDS).isSuccess();
  }

  public Set<TraceId> traceIds() {
    Set<TraceId> ids = new LinkedHashSet<>();
    captured.forEach(s -> ids.add(TraceId.parseHex(s.getTraceId())));
    return ids;
  }

  /** What the SDK sent, encoded by the SDK's own OTLP marshaler. */
  public ExportTraceServiceRequest sentRequest() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      TraceRequestMarshaler.create(captured).writeBinaryTo(out);
      return ExportTraceServiceRequest.parseFrom(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the SDK sent as OTLP JSON (hex IDs), encoded by the SDK's own marshaler. */
  public byte[] sentJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      TraceRequestMarshaler.create(captured).writeJsonTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Every span of trace {@code id} in {@code resourceSpans}, with its resource and scope, order ignored. */
  public static Set<SentSpan> spans(TraceId id, Collection<ResourceSpans> resourceSpans) {
    Set<SentSpan> spans = new HashSet<>();
    for (ResourceSpans rs : resourceSpans) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (io.opentelemetry.proto.trace.v1.Span span : ss.getSpansList()) {
          if (TraceId.of(span.getTraceId().toByteArray()).equals(id)) {
            spans.add(new SentSpan(rs.getResource(), rs.getSchemaUrl(), ss.getScope(), ss.getSchemaUrl(), span));
          }
        }
      }
    }
    return spans;
  }

  public static Set<SentSpan> spans(Trace trace) {
    return spans(trace.id(), trace.resourceSpans());
  }

  /** A span with the resource and scope it was sent under. */
  public record SentSpan(
      io.opentelemetry.proto.resource.v1.Resource resource,
      String resourceSchemaUrl,
      io.opentelemetry.proto.common.v1.InstrumentationScope scope,
      String scopeSchemaUrl,
      io.opentelemetry.proto.trace.v1.Span span) {}

  @Override
  public void close() {
    providers.values().forEach(p -> p.shutdown().join(10, TimeUnit.SECONDS));
  }

  private final class Capture implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      captured.addAll(spans);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
