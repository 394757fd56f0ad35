package dev.andante.ingester;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.OtlpJson;
import dev.andante.ingester.testing.AckedLoad;
import dev.andante.ingester.testing.IngesterProcess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of the write-ahead log, with real processes: an ingester in a child JVM takes spans
 * from the OpenTelemetry SDK's OTLP/gRPC exporter on several threads, is killed with SIGKILL in the
 * middle of the load, and restarted on the same directories, several times; afterwards every span
 * whose export was acknowledged is returned by {@code /api/traces/{id}}.
 */
class CrashRecoveryTest {
  private static final int CYCLES = 3;
  private static final int SENDERS = 4;

  @TempDir Path dir;

  /** Acknowledged span IDs (hex) by trace ID. */
  private final Map<TraceId, Set<String>> acknowledged = new ConcurrentHashMap<>();

  private record Child(Process process, int grpcPort, int apiPort) {
    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Child startChild() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                IngesterProcess.class.getName(),
                dir.resolve("wal").toString(),
                dir.resolve("store").toString(),
                "always")
            .redirectError(ProcessBuilder.Redirect.appendTo(new File("target/crash-recovery-child.log")))
            .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
      // skip anything printed before it is ready
    }
    if (line == null) {
      throw new AssertionError("child exited before it was ready: " + process.waitFor());
    }
    String[] ports = line.split(" ");
    return new Child(process, Integer.parseInt(ports[1]), Integer.parseInt(ports[3]));
  }

  @Test
  void everyAcknowledgedSpanSurvivesRepeatedSigkills() throws Exception {
    for (int cycle = 0; cycle < CYCLES; cycle++) {
      Child child = startChild();
      AckedLoad load = new AckedLoad(child.grpcPort(), SENDERS, acknowledged);
      // The child JVM starts cold: count from its first acknowledgement, then kill mid-load.
      assertThat(load.awaitAcks(1, Duration.ofSeconds(60))).as("first ack in cycle %d", cycle).isTrue();
      assertThat(load.awaitAcks(30 + 20 * cycle, Duration.ofSeconds(60))).isTrue();
      child.kill();
      load.close();
    }
    Child last = startChild();
    try {
      HttpClient http = HttpClient.newHttpClient();
      ExecutorService lookups = Executors.newFixedThreadPool(4);
      List<Future<Integer>> checked = new ArrayList<>();
      for (Map.Entry<TraceId, Set<String>> trace : acknowledged.entrySet()) {
        checked.add(lookups.submit(() -> check(http, last.apiPort(), trace.getKey(), trace.getValue())));
      }
      int spans = 0;
      for (Future<Integer> f : checked) {
        spans += f.get();
      }
      lookups.shutdown();
      System.out.printf("%d acknowledged spans in %d traces all found after %d SIGKILLs%n", spans, acknowledged.size(), CYCLES);
    } finally {
      last.kill();
    }
  }

  private static int check(HttpClient http, int port, TraceId id, Set<String> spanIds) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/traces/" + id.toHex())).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("trace %s", id).isEqualTo(200);
    assertThat(spanIds(response.body())).as("trace %s", id).containsAll(spanIds);
    return spanIds.size();
  }

  private static Set<String> spanIds(String batchesJson) {
    ExportTraceServiceRequest parsed =
        OtlpJson.parseExportRequest(batchesJson.replaceFirst("^\\{\"batches\"", "{\"resourceSpans\""));
    Set<String> ids = new HashSet<>();
    for (ResourceSpans rs : parsed.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        ss.getSpansList().forEach(s -> ids.add(HexFormat.of().formatHex(s.getSpanId().toByteArray())));
      }
    }
    return ids;
  }
}
