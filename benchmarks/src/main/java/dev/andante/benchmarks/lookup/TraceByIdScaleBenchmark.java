package dev.andante.benchmarks.lookup;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.CountingObjectStore;
import dev.andante.blockformat.backend.s3.S3ObjectStore;
import dev.andante.blockformat.backend.s3.S3Options;
import dev.andante.blockformat.backend.s3.S3ProxyServer;
import dev.andante.blockformat.blocklist.Blocklist;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.querier.QuerierConfig;
import dev.andante.querier.tracebyid.RecentTraceSource;
import dev.andante.querier.tracebyid.TimeRange;
import dev.andante.querier.tracebyid.TraceByIdService;
import dev.andante.querier.tracebyid.TraceLookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trace by ID through the querier's {@link TraceByIdService} over 10, 100 and 1,000 blocks on
 * S3Proxy (in this JVM, loopback): GETs, bytes and latency per lookup, found and missing, with and
 * without a time hint, and the heap the querier holds per block. Each block count gets a fresh
 * service whose blocklist has just been polled; its first lookup (which loads what the readers keep)
 * is reported apart, then a warm-up of missing lookups, then the measured, shuffled lookups. Found
 * IDs are drawn at random from every block, so most found lookups touch a block for the first time
 * since the poll.
 *
 * <p>Options ({@code --name value}): {@code --blocks 10,100,1000}, {@code --traces-per-block
 * 2000}, {@code --lookups 200} per kind, {@code --warmup 100} unrecorded missing lookups first, {@code --threads 2} writing blocks, {@code --seed},
 * {@code --label}, {@code --out}, {@code --write-only true} to only write the blocks, {@code --data-dir} to keep the blocks (and reuse them in a
 * later run, e.g. with other reader code) instead of a temporary directory. Run from the repository root; see benchmarks/README.md.
 */
public final class TraceByIdScaleBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(TraceByIdScaleBenchmark.class);

  enum Kind {
    FOUND("found, no hint"),
    MISSING("missing, no hint"),
    FOUND_HINTED("found, time hint"),
    MISSING_HINTED("missing, time hint");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  record Query(Kind kind, TraceId id, TimeRange range, int expectedSpans) {}

  private TraceByIdScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> blockCounts = List.of(10, 100, 1000);
    int tracesPerBlock = 2000;
    int lookups = 200;
    int threads = 2;
    long seed = 20261121L;
    String label = "";
    Path out = Path.of("benchmarks/results/trace-by-id-1000-blocks-run.md");
    Path dataDir = null;
    boolean writeOnly = false;
    int warmup = 100;
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--blocks" -> blockCounts = Stream.of(v.split(",")).map(s -> Integer.parseInt(s.trim())).toList();
        case "--traces-per-block" -> tracesPerBlock = Integer.parseInt(v);
        case "--lookups" -> lookups = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--label" -> label = v;
        case "--out" -> out = Path.of(v);
        case "--data-dir" -> dataDir = Path.of(v);
        case "--write-only" -> writeOnly = Boolean.parseBoolean(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    boolean keep = dataDir != null;
    Path work = keep ? Files.createDirectories(dataDir) : Files.createTempDirectory("andante-scale-bench-");
    StringBuilder report = new StringBuilder();
    report.append("# Trace by ID over ").append(blockCounts).append(" blocks ").append(label).append("\n\n");
    report.append("Run ").append(Instant.now()).append(", ").append(machine()).append("\n\n");
    try (S3ProxyServer server = S3ProxyServer.start(Files.createDirectories(work.resolve("s3proxy")))) {
      String bucket = "andante-scale";
      if (!Files.exists(work.resolve("bucket-created"))) {
        server.createBucket(bucket);
        Files.writeString(work.resolve("bucket-created"), bucket);
      }
      CountingObjectStore counter = new CountingObjectStore(S3ObjectStore.create(server.config(bucket), S3Options.DEFAULT));
      Backend backend = new Backend(counter);
      Random random = new Random(seed);
      report.append("| blocks | lookup | n | candidate blocks | GETs mean | GETs max | bytes mean | p50 ms | p99 ms | max ms | CPU ms mean |\n");
      report.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      StringBuilder extra = new StringBuilder();
      for (int blocks : blockCounts) {
        // A tenant per size, so that the blocklist holds exactly that many blocks.
        TenantId tenant = new TenantId("shop-" + blocks);
        Path samples = work.resolve("samples-" + blocks + ".tsv");
        ParallelBlockSeeder seeder = new ParallelBlockSeeder(
            tenant, backend, tracesPerBlock, BlockConfig.DEFAULT, Files.createDirectories(work.resolve("staging")), seed);
        seeder.load(samples);
        long start = System.nanoTime();
        seeder.writeUpTo(blocks, threads);
        seeder.save(samples);
        LOG.info("{} blocks written in {} s", blocks, (System.nanoTime() - start) / 1_000_000_000);
        if (writeOnly) {
          continue;
        }
        measure(tenant, blocks, backend, counter, seeder, random, lookups, warmup, report, extra);
      }
      report.append("\n").append(extra);
    } finally {
      if (!keep) {
        deleteRecursively(work);
      }
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report);
    System.out.println(report);
  }

  private static void measure(
      TenantId tenant, int blocks, Backend backend, CountingObjectStore counter, ParallelBlockSeeder seeder, Random random, int lookups,
      int warmup, StringBuilder report, StringBuilder extra) {
    Blocklist blocklist = new Blocklist(backend);
    blocklist.poll();
    List<dev.andante.blockformat.backend.BlockMeta> metas = blocklist.metas(tenant);
    extra.append(String.format("- %,d blocks: %,d traces, %,d spans, %.1f MiB of data.parquet, %d row group(s) and %d bloom shard(s) per block%n",
        metas.size(), metas.stream().mapToLong(m -> m.totalObjects()).sum(), metas.stream().mapToLong(m -> m.spans()).sum(),
        metas.stream().mapToLong(m -> m.size()).sum() / 1048576.0, metas.get(0).rowGroups(), metas.get(0).bloomShards()));
    long heapBefore = usedHeap();
    try (TraceByIdService service = LookupWiring.service(backend, blocklist)) {
      List<Query> queries = queries(seeder.samples(blocks), blocks, random, lookups);
      CountingObjectStore.Counts beforePrepare = counter.counts();
      long p0 = System.nanoTime();
      LookupWiring.afterPoll(service);
      long prepareMicros = (System.nanoTime() - p0) / 1_000;
      CountingObjectStore.Counts prepared = counter.counts().minus(beforePrepare);
      extra.append(String.format("- %,d blocks: after the poll, the querier prepared its readers with %d GETs, %.1f KiB, in %.1f ms%n",
          blocks, prepared.gets(), prepared.bytesRead() / 1024.0, prepareMicros / 1000.0));
      CountingObjectStore.Counts before = counter.counts();
      long t0 = System.nanoTime();
      service.find(tenant, TraceId.of(random.nextLong(), random.nextLong()), TimeRange.UNBOUNDED);
      long firstMicros = (System.nanoTime() - t0) / 1_000;
      CountingObjectStore.Counts first = counter.counts().minus(before);
      for (int i = 0; i < warmup; i++) {
        service.find(tenant, TraceId.of(random.nextLong(), random.nextLong()), TimeRange.UNBOUNDED);
      }
      List<List<long[]>> byKind = new ArrayList<>();
      for (int k = 0; k < Kind.values().length; k++) {
        byKind.add(new ArrayList<>());
      }
      for (Query q : queries) {
        CountingObjectStore.Counts b = counter.counts();
        long cpu = processCpuNanos();
        long s = System.nanoTime();
        TraceLookup result = service.find(tenant, q.id(), q.range());
        long micros = (System.nanoTime() - s) / 1_000;
        long cpuMicros = (processCpuNanos() - cpu) / 1_000;
        CountingObjectStore.Counts spent = counter.counts().minus(b);
        int spans = result.trace().map(t -> t.spanCount()).orElse(0);
        if (spans != q.expectedSpans() || result.partial()) {
          throw new IllegalStateException("Cannot trust the run: " + q + " returned " + spans + " spans, partial " + result.partial());
        }
        byKind.get(q.kind().ordinal()).add(new long[] {spent.gets(), spent.bytesRead(), micros, result.blocksRead(), cpuMicros});
      }
      for (Kind kind : Kind.values()) {
        report.append(row(blocks, kind.label, byKind.get(kind.ordinal())));
      }
      long heapAfter = usedHeap();
      extra.append(String.format(
          "- %,d blocks: first lookup after the poll %d GETs, %.1f KiB, %.1f ms; heap held by the querier after the lookups %.1f MiB,"
              + " %.1f KiB per block of the %,d in the blocklist (every tenant of the bucket)%n",
          blocks, first.gets(), first.bytesRead() / 1024.0, firstMicros / 1000.0,
          (heapAfter - heapBefore) / 1048576.0, (heapAfter - heapBefore) / 1024.0 / blocklist.size(), blocklist.size()));
      LOG.info("Measured {} blocks", blocks);
    }
  }

  private static List<Query> queries(List<ParallelBlockSeeder.Sample> samples, int blocks, Random random, int lookups) {
    List<Query> queries = new ArrayList<>();
    for (int i = 0; i < lookups; i++) {
      ParallelBlockSeeder.Sample s = samples.get(random.nextInt(samples.size()));
      queries.add(new Query(Kind.FOUND, s.id(), TimeRange.UNBOUNDED, s.spans()));
      ParallelBlockSeeder.Sample h = samples.get(random.nextInt(samples.size()));
      queries.add(new Query(Kind.FOUND_HINTED, h.id(), hint(h), h.spans()));
      queries.add(new Query(Kind.MISSING, TraceId.of(random.nextLong(), random.nextLong()), TimeRange.UNBOUNDED, 0));
      ParallelBlockSeeder.Sample m = samples.get(random.nextInt(samples.size()));
      queries.add(new Query(Kind.MISSING_HINTED, TraceId.of(random.nextLong(), random.nextLong()), hint(m), 0));
    }
    Collections.shuffle(queries, random);
    return queries;
  }

  /** The whole seconds around the trace's block window, as a client sending start/end would. */
  private static TimeRange hint(ParallelBlockSeeder.Sample s) {
    Instant start = s.windowStart().plus(ParallelBlockSeeder.BLOCK_WINDOW.dividedBy(2));
    return new TimeRange(start.minusSeconds(60), start.plusSeconds(60));
  }

  private static String row(int blocks, String kind, List<long[]> samples) {
    long[][] c = new long[5][samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      for (int j = 0; j < 5; j++) {
        c[j][i] = samples.get(i)[j];
      }
    }
    return String.format("| %,d | %s | %d | %.1f | %.2f | %d | %.1f KiB | %.1f | %.1f | %.1f | %.1f |%n",
        blocks, kind, samples.size(), mean(c[3]), mean(c[0]), max(c[0]), mean(c[1]) / 1024.0,
        pct(c[2], 50) / 1000.0, pct(c[2], 99) / 1000.0, max(c[2]) / 1000.0, mean(c[4]) / 1000.0);
  }

  private static double mean(long[] v) {
    double s = 0;
    for (long x : v) {
      s += x;
    }
    return v.length == 0 ? 0 : s / v.length;
  }

  private static long max(long[] v) {
    long m = 0;
    for (long x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  private static long pct(long[] v, int p) {
    long[] sorted = v.clone();
    java.util.Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted.length == 0 ? 0 : sorted[Math.max(0, rank - 1)];
  }

  /** CPU time of the whole process: the querier's threads, S3Proxy's (in this JVM) and the GC. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String machine() {
    String load;
    try {
      load = Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      load = "unknown";
    }
    return "nproc " + Runtime.getRuntime().availableProcessors() + ", load average at start " + load + ", JVM "
        + System.getProperty("java.vm.name") + " " + Runtime.version() + ", max heap "
        + Runtime.getRuntime().maxMemory() / 1048576 + " MiB";
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove " + dir, e);
    }
  }
}
