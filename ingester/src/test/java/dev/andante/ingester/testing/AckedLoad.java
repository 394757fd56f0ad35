package dev.andante.ingester.testing;

import dev.andante.blockformat.TraceId;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load from the real OpenTelemetry SDK: several threads make traces with an SDK tracer and send each
 * batch with the SDK's OTLP/gRPC exporter (no retries), recording every span whose export was
 * acknowledged. The acknowledged spans are what a store must never lose.
 */
public final class AckedLoad implements AutoCloseable {
  public static final int TRACES_PER_EXPORT = 5;
  public static final int SPANS_PER_TRACE = 6;

  private final Map<TraceId, Set<String>> acknowledged;
  private final AtomicInteger acked = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final OtlpGrpcSpanExporter exporter;
  private final ExecutorService senders;

  /** Starts sending to {@code 127.0.0.1:grpcPort}; acknowledged spans are added to {@code acknowledged}. */
  public AckedLoad(int grpcPort, int threads, Map<TraceId, Set<String>> acknowledged) {
    this.acknowledged = acknowledged;
    this.exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + grpcPort)
            .setTimeout(Duration.ofSeconds(10))
            .setRetryPolicy(null)
            .build();
    this.senders = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      senders.execute(this::send);
    }
  }

  public int acked() {
    return acked.get();
  }

  public int failed() {
    return failed.get();
  }

  /** Waits until {@code more} further exports were acknowledged, at most {@code timeout}. */
  public boolean awaitAcks(int more, Duration timeout) throws InterruptedException {
    int target = acked.get() + more;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (acked.get() < target) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  private void send() {
    List<SpanData> captured = new ArrayList<>();
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new Capture(captured))).build();
    Tracer tracer = provider.get("dev.andante.acked-load");
    int n = 0;
    while (!stop.get()) {
      for (int t = 0; t < TRACES_PER_EXPORT; t++) {
        Span root = tracer.spanBuilder("GET /orders/" + n++).setAttribute("http.request.method", "GET").startSpan();
        Context context = Context.root().with(root);
        for (int s = 1; s < SPANS_PER_TRACE; s++) {
          tracer.spanBuilder("SELECT orders " + s).setParent(context).setAttribute("db.system", "postgresql").startSpan().end();
        }
        root.end();
      }
      List<SpanData> batch = List.copyOf(captured);
      captured.clear();
      CompletableResultCode result = exporter.export(batch).join(15, TimeUnit.SECONDS);
      if (result.isSuccess()) {
        for (SpanData span : batch) {
          acknowledged.computeIfAbsent(TraceId.parseHex(span.getTraceId()), k -> ConcurrentHashMap.newKeySet()).add(span.getSpanId());
        }
        acked.incrementAndGet();
      } else {
        failed.incrementAndGet();
        try {
          Thread.sleep(50); // as a client backs off
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    provider.close();
  }

  /** Stops sending and waits for the exports in flight. */
  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    senders.shutdown();
    senders.awaitTermination(60, TimeUnit.SECONDS);
    exporter.shutdown().join(10, TimeUnit.SECONDS);
  }

  private record Capture(List<SpanData> into) implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      into.addAll(spans);
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
