package dev.andante.deploy.e2e;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sends realistic multi-service traces through a real OpenTelemetry SDK exporter and remembers,
 * as OTLP, exactly what was sent: three services (resources), nested spans of every kind, events,
 * links between traces, an error status, and attributes of every type the SDK has (string, bool,
 * int, double, their arrays, bytes, maps and mixed lists).
 */
final class TraceFixture {
  private static final List<ServiceSpec> SERVICES =
      List.of(
          new ServiceSpec("frontend", "web", "1.4.2", "pod-frontend-7d9f"),
          new ServiceSpec("checkout", "shop", "2.0.0", "pod-checkout-55aa"),
          new ServiceSpec("postgres-proxy", "data", "0.9.1", "pod-db-0"));

  private record ServiceSpec(String name, String namespace, String version, String instance) {}

  /** What was sent, per trace ID (hex): the spans as the exporter put them on the wire. */
  private final Map<String, List<ResourceSpans>> sent = new ConcurrentHashMap<>();

  /**
   * Sends {@code traces} traces through {@code exporter}, then shuts it down. Returns their IDs in
   * hex.
   */
  List<String> send(SpanExporter exporter, int traces, String tag) {
    Recording recording = new Recording(exporter);
    List<SdkTracerProvider> providers = new ArrayList<>();
    List<Tracer> tracers = new ArrayList<>();
    for (ServiceSpec s : SERVICES) {
      Resource resource =
          Resource.empty()
              .merge(
                  Resource.create(
                      Attributes.builder()
                          .put("service.name", s.name())
                          .put("service.namespace", s.namespace())
                          .put("service.version", s.version())
                          .put("service.instance.id", s.instance())
                          .put("deployment.environment.name", "e2e")
                          .put("host.cpu.count", 8L)
                          .put(AttributeKey.stringArrayKey("process.command_args"), List.of("java", "-jar", s.name() + ".jar"))
                          .build()));
      SdkTracerProvider provider =
          SdkTracerProvider.builder().setResource(resource).addSpanProcessor(SimpleSpanProcessor.create(recording)).build();
      providers.add(provider);
      tracers.add(provider.get("dev.andante.e2e." + s.name(), "1.0." + tag));
    }
    List<String> ids = new ArrayList<>();
    SpanContext previous = null;
    for (int i = 0; i < traces; i++) {
      previous = oneTrace(tracers, i, tag, previous);
      ids.add(previous.getTraceId());
    }
    for (SdkTracerProvider p : providers) {
      p.forceFlush().join(10, TimeUnit.SECONDS);
    }
    providers.forEach(p -> p.shutdown().join(10, TimeUnit.SECONDS));
    CompletableResultCode flushed = exporter.flush().join(10, TimeUnit.SECONDS);
    exporter.shutdown().join(10, TimeUnit.SECONDS);
    if (!flushed.isSuccess() || recording.failed()) {
      throw new IllegalStateException("Cannot send traces: the exporter reported a failure (" + tag + ")");
    }
    recording.captured().forEach(this::remember);
    return ids;
  }

  /** What was sent for {@code traceIdHex}. */
  List<ResourceSpans> sent(String traceIdHex) {
    List<ResourceSpans> spans = sent.get(traceIdHex);
    if (spans == null) {
      throw new IllegalArgumentException("no trace " + traceIdHex + " was sent");
    }
    return spans;
  }

  private static SpanContext oneTrace(List<Tracer> tracers, int n, String tag, SpanContext linkTo) {
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(2);
    Tracer frontend = tracers.get(0);
    Tracer checkout = tracers.get(1);
    Tracer db = tracers.get(2);

    Span root =
        frontend
            .spanBuilder("GET /checkout/" + tag)
            .setSpanKind(SpanKind.SERVER)
            .setNoParent()
            .setStartTimestamp(t0)
            .setAttribute("http.request.method", "GET")
            .setAttribute("http.route", "/checkout/{cart}")
            .setAttribute("http.response.status_code", 200L)
            .setAttribute("url.full", "https://shop.example/checkout/" + n)
            .setAttribute("e2e.sequence", (long) n)
            .setAttribute("e2e.ratio", 0.25 + n)
            .setAttribute("e2e.sampled", true)
            .setAttribute(AttributeKey.stringArrayKey("e2e.tags"), List.of("a", "b", tag))
            .setAttribute(AttributeKey.booleanArrayKey("e2e.flags"), List.of(true, false, true))
            .setAttribute(AttributeKey.longArrayKey("e2e.sizes"), List.of(1L, -2L, Long.MAX_VALUE))
            .setAttribute(AttributeKey.doubleArrayKey("e2e.weights"), List.of(0.5, -1.25, 1e100))
            .setAttribute(AttributeKey.valueKey("e2e.payload"), Value.of(new byte[] {0, 1, 2, (byte) 0xff, 42}))
            .setAttribute(
                AttributeKey.valueKey("e2e.map"),
                Value.of(
                    KeyValue.of("user", Value.of("u-" + n)),
                    KeyValue.of("nested", Value.of(KeyValue.of("depth", Value.of(2L)))),
                    KeyValue.of("list", Value.of(Value.of("x"), Value.of(3L), Value.of(false)))))
            .startSpan();
    root.addEvent("request.received", Attributes.of(AttributeKey.longKey("bytes"), 512L), t0.plusMillis(1));
    if (linkTo != null) {
      // A link to the previous trace, with attributes: links must survive the round trip too.
      root.addLink(linkTo, Attributes.of(AttributeKey.stringKey("link.reason"), "retry-of"));
    }

    Context rootContext = Context.root().with(root);
    Span client =
        frontend
            .spanBuilder("POST checkout")
            .setParent(rootContext)
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(t0.plusMillis(2))
            .setAttribute("http.request.method", "POST")
            .setAttribute("server.address", "checkout")
            .startSpan();
    Span server =
        checkout
            .spanBuilder("POST /api/checkout")
            .setParent(Context.root().with(client))
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(t0.plusMillis(3))
            .setAttribute("http.request.method", "POST")
            .setAttribute("http.route", "/api/checkout")
            .startSpan();
    Span internal =
        checkout
            .spanBuilder("price cart")
            .setParent(Context.root().with(server))
            .setSpanKind(SpanKind.INTERNAL)
            .setStartTimestamp(t0.plusMillis(4))
            .setAttribute("cart.items", 3L + n)
            .startSpan();
    internal.addEvent("cache.miss", t0.plusMillis(5));
    internal.end(t0.plusMillis(9));
    Span query =
        db.spanBuilder("SELECT orders")
            .setParent(Context.root().with(server))
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(t0.plusMillis(10))
            .setAttribute("db.system", "postgresql")
            .setAttribute("db.query.text", "SELECT * FROM orders WHERE id = $1 -- ünïcödé ✓")
            .startSpan();
    query.setStatus(StatusCode.ERROR, "deadlock detected");
    query.recordException(new IllegalStateException("deadlock detected"), Attributes.of(AttributeKey.booleanKey("exception.escaped"), false));
    query.end(t0.plusMillis(25));
    Span producer =
        checkout
            .spanBuilder("publish order")
            .setParent(Context.root().with(server))
            .setSpanKind(SpanKind.PRODUCER)
            .setStartTimestamp(t0.plusMillis(26))
            .startSpan();
    producer.end(t0.plusMillis(27));
    Span consumer =
        db.spanBuilder("consume order")
            .setParent(Context.root().with(producer))
            .setSpanKind(SpanKind.CONSUMER)
            .setStartTimestamp(t0.plusMillis(28))
            .startSpan();
    consumer.end(t0.plusMillis(30));
    server.setStatus(StatusCode.OK);
    server.end(t0.plusMillis(31));
    client.end(t0.plusMillis(32));
    root.end(t0.plusMillis(33));
    return root.getSpanContext();
  }

  private void remember(SpanData span) {
    ExportTraceServiceRequest request = toOtlp(List.of(span));
    sent.computeIfAbsent(span.getTraceId(), id -> new ArrayList<>()).addAll(request.getResourceSpansList());
  }

  /** The OTLP the SDK's exporters put on the wire for {@code spans}. */
  static ExportTraceServiceRequest toOtlp(Collection<SpanData> spans) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      TraceRequestMarshaler.create(spans).writeBinaryTo(bytes);
      return ExportTraceServiceRequest.parseFrom(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Passes spans to the real exporter and keeps a copy of each that it accepted. */
  private static final class Recording implements SpanExporter {
    private final SpanExporter delegate;
    private final List<SpanData> captured = new ArrayList<>();
    private volatile boolean failed;

    Recording(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
      CompletableResultCode result = delegate.export(spans).join(10, TimeUnit.SECONDS);
      if (result.isSuccess()) {
        captured.addAll(spans);
      } else {
        failed = true;
      }
      return result;
    }

    synchronized List<SpanData> captured() {
      return List.copyOf(captured);
    }

    boolean failed() {
      return failed;
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      // The providers share one exporter; the fixture shuts it down once, at the end.
      return CompletableResultCode.ofSuccess();
    }
  }
}
