package dev.andante.ingester;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.v1.V1Encoding;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.trace.Trace;
import dev.andante.ingester.otlp.IngesterServer;
import dev.andante.ingester.testing.Configs;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not part of the suite (no *Test name): a rough measure of the push path, run with
 * {@code -Dtest=PushThroughputMeasurement}. Prints spans per second in-process, over OTLP/HTTP, and
 * the time to flush what was pushed.
 */
class PushThroughputMeasurement {
  private static final int REQUESTS = 2000;
  private static final int TRACES_PER_REQUEST = 5;
  private static final int SPANS_PER_TRACE = 10;

  @TempDir Path walDir;

  private static List<ExportTraceServiceRequest> requests(long seed) {
    TestTraces generator = new TestTraces(seed);
    List<ExportTraceServiceRequest> requests = new ArrayList<>();
    for (int r = 0; r < REQUESTS; r++) {
      ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
      for (int t = 0; t < TRACES_PER_REQUEST; t++) {
        Trace trace = generator.trace(SPANS_PER_TRACE);
        request.addAllResourceSpans(trace.resourceSpans());
      }
      requests.add(request.build());
    }
    return requests;
  }

  private Ingester ingester() {
    return new Ingester(
        Configs.ephemeral(false, 16 * 1024 * 1024),
        new Backend(new MemoryObjectStore()),
        new V1Encoding(),
        BlockConfig.DEFAULT,
        walDir,
        Clock.systemUTC());
  }

  @Test
  void measure() throws Exception {
    long spans = (long) REQUESTS * TRACES_PER_REQUEST * SPANS_PER_TRACE;
    for (int round = 0; round < 2; round++) {
      List<ExportTraceServiceRequest> requests = requests(round);
      try (Ingester ingester = ingester()) {
        long start = System.nanoTime();
        for (ExportTraceServiceRequest request : requests) {
          ingester.push(TenantId.SINGLE_TENANT, request);
        }
        double pushSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        ingester.flushAll();
        double flushSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "round %d in-process: %d spans pushed in %.2f s = %.0f spans/s; flushAll %.2f s = %.0f spans/s%n",
            round, spans, pushSeconds, spans / pushSeconds, flushSeconds, spans / flushSeconds);
      }
    }

    Vertx vertx = Vertx.vertx();
    try (Ingester ingester = ingester()) {
      IngesterServer server = new IngesterServer(vertx, ingester);
      int port = server.start().toCompletionStage().toCompletableFuture().get().httpPort();
      URI uri = URI.create("http://127.0.0.1:" + port + "/v1/traces");
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int round = 0; round < 2; round++) {
        List<byte[]> bodies = requests(10 + round).stream().map(ExportTraceServiceRequest::toByteArray).toList();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        long start = System.nanoTime();
        List<Future<Integer>> statuses = new ArrayList<>();
        for (byte[] body : bodies) {
          statuses.add(
              senders.submit(
                  () ->
                      client
                          .send(
                              HttpRequest.newBuilder(uri)
                                  .header("Content-Type", "application/x-protobuf")
                                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                  .build(),
                              HttpResponse.BodyHandlers.discarding())
                          .statusCode()));
        }
        for (Future<Integer> status : statuses) {
          if (status.get() != 200) {
            throw new AssertionError("status " + status.get());
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        senders.shutdown();
        senders.awaitTermination(10, TimeUnit.SECONDS);
        System.out.printf(
            "round %d OTLP/HTTP protobuf, 4 clients: %d requests, %d spans in %.2f s = %.0f spans/s, %.0f requests/s%n",
            round, REQUESTS, spans, seconds, spans / seconds, REQUESTS / seconds);
      }
      server.stop().toCompletionStage().toCompletableFuture().get();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }
}
