package dev.andante.benchmarks.ingest;

import dev.andante.benchmarks.Host;

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
 * flushed during the timed push; afterwards what it holds is flushed and that is timed apart.
 * Writes a Markdown report to {@code benchmarks/results/}.
 *
 * <p>Run: {@code java -Xmx3g -cp <benchmarks classpath> dev.andante.benchmarks.ingest.WalIngestBenchmark
 * [spans] [threads] [walDir] [report name or -] [wire, decode or predecoded] [flush]}.
 */
public final class WalIngestBenchmark {
  private record Result(
      String mode, int threads, long spans, int requests, double seconds, long fsyncs, long walBytes,
      long allocatedBytes, long gcMillis, long heapBytes, double flushSeconds) {
    double spansPerSecond() {
      return spans / seconds;
    }
  }

  /** How pushes are made: as the receivers do (bytes), decoding first, or on requests decoded before the run. */
  private enum Input { WIRE, DECODE, PREDECODED }

  public static void main(String[] args) throws Exception {
    long spans = args.length > 0 ? Long.parseLong(args[0]) : 400_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Path base = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("andante-wal-bench-");
    // "wire" (default): push the protobuf bytes, as the receivers do; "decode": decode each request
    // into messages first and push both (the receivers' path before pushes worked on bytes);
    // "predecoded": decode before timing.
    Input input = args.length > 4 ? Input.valueOf(args[4].toUpperCase(java.util.Locale.ROOT)) : Input.WIRE;
    boolean predecoded = input == Input.PREDECODED;
    // "flush": after each timed push, cut and write what the ingester holds, and time that too.
    boolean flush = args.length > 5 && args[5].equals("flush");
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
        Result r = run(mode, bodies, input, flush, totalSpans, threads, base.resolve(round + "-" + mode.replace(' ', '-')));
        System.out.printf(
            "round %d %-13s %d threads: %,d spans in %.2f s = %,.0f spans/s, %,.0f requests/s, %d fsyncs, %,d WAL bytes (%.1f B/span),"
                + " %,.0f B allocated/span, GC %d ms, %,.0f B heap/span%s%n",
            round, r.mode(), threads, r.spans(), r.seconds(), r.spansPerSecond(), r.requests() / r.seconds(), r.fsyncs(),
            r.walBytes(), (double) r.walBytes() / r.spans(), (double) r.allocatedBytes() / r.spans(), r.gcMillis(),
            (double) r.heapBytes() / r.spans(),
            Double.isNaN(r.flushSeconds()) ? "" : String.format("; flushed at %,.0f spans/s", r.spans() / r.flushSeconds()));
        if (round > 0) {
          results.add(r);
        }
        System.gc(); // start each run from the same heap: the ingester keeps everything it was pushed
      }
    }
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
    write(results, bodies.size(), threads, input, loadBefore, loadAfter,
        args.length > 3 && !args[3].equals("-") ? args[3] : "wal-ingest-" + (input == Input.WIRE ? "" : input.name().toLowerCase(java.util.Locale.ROOT) + "-") + threads + "-threads.md");
  }

  private static Result run(String mode, List<byte[]> bodies, Input input, boolean flush, long spans, int threads, Path walDir)
      throws Exception {
    List<ExportTraceServiceRequest> decoded = input == Input.PREDECODED ? decodeAll(bodies) : null;
    long heapBefore = usedHeapAfterGc();
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
      java.util.concurrent.atomic.AtomicLong allocated = new java.util.concurrent.atomic.AtomicLong();
      long gcBefore = gcMillis();
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
                  int i;
                  while ((i = next.getAndIncrement()) < bodies.size()) {
                    switch (input) {
                      case WIRE -> ingester.push(TenantId.SINGLE_TENANT, bodies.get(i)); // as the OTLP receivers do
                      case DECODE -> ingester.push(TenantId.SINGLE_TENANT, decode(bodies.get(i)), bodies.get(i));
                      case PREDECODED -> ingester.push(TenantId.SINGLE_TENANT, decoded.get(i), bodies.get(i));
                    }
                  }
                  allocated.addAndGet(THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore);
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long gc = gcMillis() - gcBefore;
      pool.shutdown();
      // What the ingester holds for the spans pushed (the requests' bytes are held outside it).
      long heap = usedHeapAfterGc() - heapBefore;
      // Then what the run left in memory is cut and written as blocks (decoded from the bytes kept).
      double flushSeconds = Double.NaN;
      if (flush) {
        long flushStart = System.nanoTime();
        ingester.flushAll();
        flushSeconds = (System.nanoTime() - flushStart) / 1e9;
      }
      long fsyncs = wal instanceof SegmentedWal s ? s.log().fsyncs() : 0;
      long walBytes = wal instanceof SegmentedWal s ? s.log().appendedBytes() : 0;
      return new Result(mode, threads, spans, bodies.size(), seconds, fsyncs, walBytes, allocated.get(), gc, heap, flushSeconds);
    } finally {
      deleteRecursively(walDir);
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

  private static long gcMillis() {
    long millis = 0;
    for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      millis += Math.max(0, gc.getCollectionTime());
    }
    return millis;
  }

  private static long usedHeapAfterGc() {
    System.gc();
    System.gc();
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
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
      List<Result> results, int requests, int threads, Input input, String loadBefore, String loadAfter, String name)
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
        .append(switch (input) {
          case PREDECODED -> " on requests decoded before the run (the WAL's cost alone), ";
          case DECODE -> " with each request decoded into protobuf messages first, ";
          case WIRE -> " on the protobuf bytes as the receivers hand them over (split and checked without decoding), ";
        }).append(requests).append(" requests of ~500 spans from the OpenTelemetry-demo-shaped ")
        .append("generator, pushed by ").append(threads).append(" threads (the OTLP receivers' worker pool). In-process: no network; nothing cut or flushed during the timed push. Rounds 2 and 3 of three (the first warms the JIT); the heap is collected between runs.\n\n");
    md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (")
        .append(Host.cpuModel()).append("), Java ").append(System.getProperty("java.version"))
        .append(", load average before ").append(loadBefore).append(", after ").append(loadAfter)
        .append(" (the machine is shared with other builds: figures are lower bounds).\n\n");
    md.append("JVM: ").append(String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()))
        .append(". Allocated = bytes allocated by the pushing threads per span; GC = collection time during the run;")
        .append(" heap = live heap after the run (after System.gc()) minus before, per span: what the ingester holds;")
        .append(" flush (with the `flush` option) = everything held then cut into one block and written to an in-memory object store, timed apart.\n\n");
    md.append("| mode | spans/s | requests/s | fsyncs | requests per fsync | WAL bytes/span | allocated B/span | GC ms | heap B/span | flush spans/s |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Result r : results) {
      md.append(String.format(
          "| %s | %,.0f | %,.0f | %d | %s | %.1f | %,.0f | %,d | %,.0f | %s |%n",
          r.mode(), r.spansPerSecond(), r.requests() / r.seconds(), r.fsyncs(),
          r.fsyncs() == 0 ? "-" : String.format("%.1f", (double) r.requests() / r.fsyncs()), (double) r.walBytes() / r.spans(),
          (double) r.allocatedBytes() / r.spans(), r.gcMillis(), (double) r.heapBytes() / r.spans(),
          Double.isNaN(r.flushSeconds()) ? "-" : String.format("%,.0f", r.spans() / r.flushSeconds())));
    }
    Path file = dir.resolve(name);
    Files.writeString(file, md.toString());
    System.out.println("Wrote " + file.toAbsolutePath());
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
