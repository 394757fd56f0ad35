package dev.andante.benchmarks.ingest;

import dev.andante.benchmarks.generator.RequestBatcher;
import dev.andante.benchmarks.generator.TraceGenerator;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.ingester.Ingester;
import dev.andante.ingester.IngesterConfig;
import dev.andante.ingester.wal.FsyncPolicy;
import dev.andante.ingester.wal.SegmentedWal;
import dev.andante.ingester.wal.WalConfig;
import dev.andante.ingester.wal.WriteAheadLog;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Ingest throughput of the ingester's push path (decode, validate, split per trace, WAL append,
 * into memory) with the write-ahead log syncing per group commit, with fsync off, and without a log, on
 * realistic requests (the OpenTelemetry-demo-shaped generator, ~500 spans a request as a Collector
 * batches them) pushed by several threads as the OTLP receivers' worker pool does. Nothing is cut or
 * flushed during a run. Writes a Markdown report to {@code benchmarks/results/}.
 *
 * <p>Run: {@code java -Xmx3g -cp <benchmarks classpath> dev.andante.benchmarks.ingest.WalIngestBenchmark
 * [spans] [threads] [walDir] [report name or -] [decode or predecoded]}.
 */
public final class WalIngestBenchmark {
  private record Result(String mode, int threads, long spans, int requests, double seconds, long fsyncs, long walBytes) {
    double spansPerSecond() {
      return spans / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    long spans = args.length > 0 ? Long.parseLong(args[0]) : 400_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Path base = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("andante-wal-bench-");
    // "decode": time decoding as the receivers do; "predecoded": decode before timing, so the run
    // shows the push path and the WAL alone (no allocation of the request's objects in the run).
    boolean predecoded = args.length > 4 && args[4].equals("predecoded");
    List<ExportTraceServiceRequest> generated = RequestBatcher.generate(new TraceGenerator(42), spans, 500, 1_763_700_000_000_000_000L);
    long totalSpans = generated.stream().mapToLong(WalIngestBenchmark::spanCount).sum();
    // The receivers hand the push path what they decoded from the wire: protobuf then keeps string
    // fields as the bytes it read, and re-encoding them for the WAL is a copy, not UTF-8 encoding.
    List<byte[]> bodies = generated.stream().map(ExportTraceServiceRequest::toByteArray).toList();
    generated = null; // only the wire bytes stay in the heap
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    List<Result> results = new ArrayList<>();
    for (int round = 0; round < 3; round++) { // the first round warms the JIT up
      for (String mode : List.of("no WAL", "fsync never", "fsync always")) {
        Result r = run(mode, bodies, predecoded, totalSpans, threads, base.resolve(round + "-" + mode.replace(' ', '-')));
        System.out.printf(
            "round %d %-13s %d threads: %,d spans in %.2f s = %,.0f spans/s, %,.0f requests/s, %d fsyncs, %,d WAL bytes (%.1f B/span)%n",
            round, r.mode(), threads, r.spans(), r.seconds(), r.spansPerSecond(), r.requests() / r.seconds(), r.fsyncs(),
            r.walBytes(), (double) r.walBytes() / r.spans());
        if (round > 0) {
          results.add(r);
        }
        System.gc(); // start each run from the same heap: the ingester keeps everything it was pushed
      }
    }
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
    write(results, bodies.size(), threads, predecoded, loadBefore, loadAfter,
        args.length > 3 && !args[3].equals("-") ? args[3] : "wal-ingest-" + (predecoded ? "predecoded-" : "") + threads + "-threads.md");
  }

  private static Result run(String mode, List<byte[]> bodies, boolean predecoded, long spans, int threads, Path walDir)
      throws Exception {
    List<ExportTraceServiceRequest> decoded = predecoded ? decodeAll(bodies) : null;
    IngesterConfig config =
        IngesterConfig.DEFAULT.withWal(new WalConfig(mode.endsWith("always") ? FsyncPolicy.ALWAYS : FsyncPolicy.NEVER, WalConfig.DEFAULT_SEGMENT_BYTES));
    config =
        new IngesterConfig(
            config.otlpGrpcEndpoint(), config.otlpHttpEndpoint(), false, Duration.ofHours(1), Duration.ofHours(1),
            config.maxBlockBytes(), config.completeBlockTimeout(), Duration.ofHours(1), config.maxRequestBytes(),
            Duration.ofHours(1), config.wal(), 64L << 30);
    WriteAheadLog wal = mode.equals("no WAL") ? WriteAheadLog.NONE : SegmentedWal.open(walDir, config.wal());
    Backend backend = new Backend(new MemoryObjectStore());
    try (Ingester ingester = new Ingester(config, backend, Encodings.current(), BlockConfig.DEFAULT, walDir, Clock.systemUTC(), wal)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      AtomicInteger next = new AtomicInteger();
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < bodies.size()) {
                    // As the OTLP receivers do: the decoded request and the bytes it came from.
                    ingester.push(TenantId.SINGLE_TENANT, decoded != null ? decoded.get(i) : decode(bodies.get(i)), bodies.get(i));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      long fsyncs = wal instanceof SegmentedWal s ? s.log().fsyncs() : 0;
      long walBytes = wal instanceof SegmentedWal s ? s.log().appendedBytes() : 0;
      return new Result(mode, threads, spans, bodies.size(), seconds, fsyncs, walBytes);
    } finally {
      deleteRecursively(walDir);
    }
  }

  private static List<ExportTraceServiceRequest> decodeAll(List<byte[]> bodies) {
    List<ExportTraceServiceRequest> out = new ArrayList<>(bodies.size());
    bodies.forEach(b -> out.add(decode(b)));
    return out;
  }

  private static ExportTraceServiceRequest decode(byte[] body) {
    try {
      return ExportTraceServiceRequest.parseFrom(body);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("Cannot decode a generated request", e);
    }
  }

  private static long spanCount(ExportTraceServiceRequest request) {
    return request.getResourceSpansList().stream()
        .flatMap(rs -> rs.getScopeSpansList().stream())
        .mapToLong(ss -> ss.getSpansCount())
        .sum();
  }

  private static void write(
      List<Result> results, int requests, int threads, boolean predecoded, String loadBefore, String loadAfter, String name)
      throws IOException {
    Path dir = Path.of("benchmarks", "results");
    if (!Files.isDirectory(Path.of("benchmarks"))) {
      dir = Path.of("results");
    }
    Files.createDirectories(dir);
    StringBuilder md = new StringBuilder();
    md.append("# Ingest throughput with the write-ahead log (").append(LocalDate.now()).append(")\n\n");
    md.append("`dev.andante.benchmarks.ingest.WalIngestBenchmark`: the ingester's push path (validate, split per trace, ")
        .append("WAL append, into memory)")
        .append(predecoded ? " on requests decoded before the run (the WAL's cost alone), " : " with the protobuf decoding the receivers do, ").append(requests).append(" requests of ~500 spans from the OpenTelemetry-demo-shaped ")
        .append("generator, pushed by ").append(threads).append(" threads (the OTLP receivers' worker pool). In-process: no network; nothing cut or flushed during the run. Rounds 2 and 3 of three (the first warms the JIT); the heap is collected between runs.\n\n");
    md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (")
        .append(cpuModel()).append("), Java ").append(System.getProperty("java.version"))
        .append(", load average before ").append(loadBefore).append(", after ").append(loadAfter)
        .append(" (the machine is shared with other builds: figures are lower bounds).\n\n");
    md.append("| mode | spans/s | requests/s | fsyncs | requests per fsync | WAL bytes/span |\n|---|---:|---:|---:|---:|---:|\n");
    for (Result r : results) {
      md.append(String.format(
          "| %s | %,.0f | %,.0f | %d | %s | %.1f |%n",
          r.mode(), r.spansPerSecond(), r.requests() / r.seconds(), r.fsyncs(),
          r.fsyncs() == 0 ? "-" : String.format("%.1f", (double) r.requests() / r.fsyncs()), (double) r.walBytes() / r.spans()));
    }
    Path file = dir.resolve(name);
    Files.writeString(file, md.toString());
    System.out.println("Wrote " + file.toAbsolutePath());
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
