package dev.andante.benchmarks.e2e;

import dev.andante.benchmarks.generator.TraceGenerator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load generator: its own JVM, so its CPU and garbage are not Andante's. Sends the same
 * pre-generated requests ({@link RequestPool}) either as OTLP/gRPC {@code Export} calls (HTTP/2,
 * prior knowledge, the status read from the {@code grpc-status} trailer) or as Zipkin JSON v2
 * {@code POST /api/v2/spans} (HTTP/1.1), from {@code clients} clients with one connection each.
 *
 * <p><b>Closed loop</b>: each client sends its next request as soon as the previous one is answered,
 * so the rate found is the most the server sustains with that many requests in flight, and the ack
 * latency is the latency at that rate. Requests answered during the warm-up are not counted; the
 * measured window is {@code [warmup, warmup + duration)}.
 *
 * <p>Arguments: {@code --target otlp|zipkin --port N [--duration 30s] [--warmup 5s] [--clients 16]
 * [--batch-spans 512] [--pool-spans 200000] [--seed 7] --out <file>}. Writes a properties file:
 * counts, rates, latency percentiles and {@code trace.N=<id> <startNanos> <endNanos>} for traces
 * among the last ones acknowledged.
 */
public final class LoadGenerator {
  private static final String OTLP_PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
  private static final int SAMPLED_REQUESTS = 64;
  private static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(30);

  private final RequestPool pool;
  private final boolean otlp;
  private final int port;
  private final AtomicLong next = new AtomicLong();
  private final LongAdder okSpans = new LongAdder();
  private final LongAdder okRequests = new LongAdder();
  private final LongAdder failedRequests = new LongAdder();
  private final List<Samples> latencies = new ArrayList<>();
  private final ArrayDeque<Long> lastAcked = new ArrayDeque<>();
  private volatile String lastFailure = "";
  private long measureFrom;
  private long measureTo;

  private LoadGenerator(RequestPool pool, boolean otlp, int port) {
    this.pool = pool;
    this.otlp = otlp;
    this.port = port;
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    System.out.printf("load generator: building a pool of ~%d spans%n", options.poolSpans);
    long t0 = System.nanoTime();
    RequestPool pool = RequestPool.generate(new TraceGenerator(options.seed), options.poolSpans, options.batchSpans,
        System.currentTimeMillis() * 1_000_000L, !options.otlp);
    System.out.printf("load generator: %d requests, %d spans in %.1f s; sending to %s port %d for %s with %d clients%n",
        pool.size(), pool.spans(), (System.nanoTime() - t0) / 1e9, options.otlp ? "OTLP/gRPC" : "Zipkin", options.port,
        options.duration, options.clients);
    LoadGenerator generator = new LoadGenerator(pool, options.otlp, options.port);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    System.gc(); // the pool's garbage, before the clock starts
    try {
      Files.writeString(options.out, generator.run(vertx, options));
    } finally {
      vertx.close().await();
    }
  }

  private String run(Vertx vertx, Options options) throws Exception {
    long start = System.nanoTime();
    measureFrom = start + options.warmup.toNanos();
    measureTo = measureFrom + options.duration.toNanos();
    List<Future<Void>> done = new ArrayList<>();
    List<HttpClientAgent> clients = new ArrayList<>();
    for (int c = 0; c < options.clients; c++) {
      HttpClientOptions http = new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
          .setKeepAlive(true);
      if (otlp) {
        http.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
      }
      HttpClientAgent client = vertx.createHttpClient(http, new PoolOptions().setHttp1MaxSize(1).setHttp2MaxSize(1));
      clients.add(client);
      Samples samples = new Samples(new long[1 << 17]);
      synchronized (latencies) {
        latencies.add(samples);
      }
      Promise<Void> finished = Promise.promise();
      done.add(finished.future());
      vertx.runOnContext(v -> sendNext(client, samples, finished));
    }
    try {
      // Every request times out (REQUEST_TIMEOUT), so every client finishes soon after the window.
      Future.all(done).await(REQUEST_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      lastFailure = "clients still waiting " + (REQUEST_TIMEOUT.toSeconds() + 30) + " s after the window closed";
    }
    clients.forEach(c -> c.close());
    return report(options);
  }

  /** One client's latencies, touched only on its context until it finishes. */
  private static final class Samples {
    final long[] values;
    int count;

    Samples(long[] values) {
      this.values = values;
    }

    void add(long nanos) {
      if (count < values.length) {
        values[count++] = nanos;
      }
    }
  }

  private void sendNext(HttpClientAgent client, Samples samples, Promise<Void> finished) {
    if (System.nanoTime() >= measureTo) {
      finished.complete();
      return;
    }
    long n = next.getAndIncrement();
    int index = (int) (n % pool.size());
    int round = (int) (n / pool.size());
    Buffer body = Buffer.buffer(otlp ? pool.grpcMessage(index, round) : pool.zipkinJson(index, round));
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setURI(otlp ? OTLP_PATH : "/api/v2/spans")
        .setIdleTimeout(REQUEST_TIMEOUT.toMillis());
    request.putHeader("content-type", otlp ? "application/grpc" : "application/json");
    if (otlp) {
      request.putHeader("te", "trailers");
    }
    long sentAt = System.nanoTime();
    client.request(request)
        .compose(r -> r.send(body))
        .compose(response -> response.body().map(b -> status(response)))
        .onComplete(result -> {
          long now = System.nanoTime();
          boolean ok = result.succeeded() && result.result().isEmpty();
          if (!ok) {
            lastFailure = result.failed() ? result.cause().toString() : result.result();
          }
          if (sentAt >= measureFrom && now < measureTo) {
            if (ok) {
              okRequests.increment();
              okSpans.add(pool.spans(index));
              samples.add(now - sentAt);
            } else {
              failedRequests.increment();
            }
          }
          if (ok) {
            synchronized (lastAcked) {
              lastAcked.addLast(n);
              if (lastAcked.size() > SAMPLED_REQUESTS) {
                lastAcked.removeFirst();
              }
            }
          }
          sendNext(client, samples, finished);
        });
  }

  /** Empty when the request succeeded, else what the server said. */
  private String status(HttpClientResponse response) {
    if (otlp) {
      String status = response.headers().get("grpc-status");
      if (status == null) {
        status = response.trailers().get("grpc-status");
      }
      return response.statusCode() == 200 && "0".equals(status)
          ? "" : "HTTP " + response.statusCode() + " grpc-status " + status;
    }
    return response.statusCode() / 100 == 2 ? "" : "HTTP " + response.statusCode();
  }

  private String report(Options options) {
    int total = 0;
    synchronized (latencies) {
      for (Samples samples : latencies) {
        total += samples.count;
      }
    }
    long[] merged = new long[total];
    int at = 0;
    synchronized (latencies) {
      for (Samples samples : latencies) {
        System.arraycopy(samples.values, 0, merged, at, samples.count);
        at += samples.count;
      }
    }
    LatencySummary latency = LatencySummary.of(merged);
    double seconds = options.duration.toNanos() / 1e9;
    StringBuilder out = new StringBuilder();
    out.append("target=").append(otlp ? "otlp" : "zipkin").append('\n');
    out.append("clients=").append(options.clients).append('\n');
    out.append("batch_spans=").append(options.batchSpans).append('\n');
    out.append("seconds=").append(seconds).append('\n');
    out.append("ok_requests=").append(okRequests.sum()).append('\n');
    out.append("failed_requests=").append(failedRequests.sum()).append('\n');
    out.append("last_failure=").append(lastFailure.replace('\n', ' ')).append('\n');
    out.append("ok_spans=").append(okSpans.sum()).append('\n');
    out.append("spans_per_second=").append(String.format(Locale.ROOT, "%.0f", okSpans.sum() / seconds)).append('\n');
    out.append("sent_spans_total=").append(sentSpans()).append('\n');
    out.append("pool_spans=").append(pool.spans()).append('\n');
    out.append("latency_count=").append(latency.count()).append('\n');
    out.append("latency_p50_nanos=").append(latency.p50()).append('\n');
    out.append("latency_p99_nanos=").append(latency.p99()).append('\n');
    out.append("latency_max_nanos=").append(latency.max()).append('\n');
    int t = 0;
    synchronized (lastAcked) {
      for (long n : lastAcked) {
        for (RequestPool.TraceRef trace : pool.traces((int) (n % pool.size()), (int) (n / pool.size()))) {
          out.append("trace.").append(t++).append('=').append(trace.idHex()).append(' ')
              .append(trace.startNanos()).append(' ').append(trace.endNanos()).append('\n');
        }
      }
    }
    return out.toString();
  }

  /** Spans of every request started, answered or not, warm-up included. */
  private long sentSpans() {
    long sent = next.get();
    long spans = (sent / pool.size()) * pool.spans();
    for (int i = 0; i < sent % pool.size(); i++) {
      spans += pool.spans(i);
    }
    return spans;
  }

  private record Options(boolean otlp, int port, Duration duration, Duration warmup, int clients, int batchSpans,
      long poolSpans, long seed, Path out) {
    static Options parse(String[] args) {
      Args a = Args.parse(args);
      String target = a.string("target", "otlp");
      if (!target.equals("otlp") && !target.equals("zipkin")) {
        throw new IllegalArgumentException("--target must be otlp or zipkin, got " + target);
      }
      return new Options(target.equals("otlp"), a.integer("port", -1), a.duration("duration", "30s"),
          a.duration("warmup", "5s"), a.integer("clients", 16), a.integer("batch-spans", 512),
          a.integer("pool-spans", 200_000), a.integer("seed", 7), Path.of(a.required("out")));
    }
  }
}
