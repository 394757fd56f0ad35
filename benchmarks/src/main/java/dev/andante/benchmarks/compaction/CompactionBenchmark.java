package dev.andante.benchmarks.compaction;

import dev.andante.benchmarks.generator.TraceGenerator;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.local.LocalObjectStore;
import dev.andante.blockformat.blocklist.BlockReaderCache;
import dev.andante.blockformat.blocklist.Blocklist;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.trace.Trace;
import dev.andante.blockformat.trace.TraceCombiner;
import dev.andante.compactor.Compactor;
import dev.andante.compactor.CompactorConfig;
import dev.andante.compactor.CompactorStats;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Compaction throughput and trace-by-ID latency before and after compacting many small blocks, on
 * the local backend, with shop traces from {@link TraceGenerator}. Ingest throughput is measured in
 * the same run as the ingester's block-writing path (sort, encode, bloom, upload) over the same
 * traces, so the two can be compared on one machine.
 *
 * <p>How to run it, and results with the machine they ran on: benchmarks/results/compaction.md.
 *
 * <p>Arguments: {@code [blocks=32] [tracesPerBlock=1000] [lookups=300] [results file]
 * [row group bytes of compacted blocks=8 MiB]}.
 */
public final class CompactionBenchmark {
  private static final TenantId TENANT = new TenantId("bench");
  private static final Instant START = Instant.parse("2026-11-20T10:00:00Z");

  private CompactionBenchmark() {}

  public static void main(String[] args) throws Exception {
    int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    int tracesPerBlock = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int lookups = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    Path results = args.length > 3 ? Path.of(args[3]) : null;
    long rowGroupBytes = args.length > 4 ? Long.parseLong(args[4]) : BlockConfig.DEFAULT_ROW_GROUP_SIZE_BYTES;
    BlockConfig outputConfig = new BlockConfig(BlockConfig.DEFAULT_BLOOM_FALSE_POSITIVE, BlockConfig.DEFAULT_BLOOM_SHARD_SIZE_BYTES, rowGroupBytes);
    Path dir = Files.createTempDirectory("andante-compaction-bench");
    String loadBefore = load();
    try (Backend warmup = new Backend(new LocalObjectStore(dir.resolve("warmup")))) {
      writeBlocks(warmup, dir.resolve("staging"), 4, tracesPerBlock); // JIT warm-up of the write path
    }
    try (Backend backend = new Backend(new LocalObjectStore(dir.resolve("bucket")))) {
      Ingest ingest = writeBlocks(backend, dir.resolve("staging"), blocks, tracesPerBlock);
      List<TraceId> probes = probes(ingest.ids(), lookups);
      Latency before = lookups(backend, probes);

      CompactorConfig config = CompactorConfig.DEFAULT.withCompactionWindow(Duration.ofHours(24));
      Compactor compactor = Compactor.builder(backend, config)
          .clock(Clock.fixed(START.plus(Duration.ofHours(3)), ZoneOffset.UTC))
          .blockConfig(outputConfig).stagingDir(dir.resolve("compactor")).build();
      long t0 = System.nanoTime();
      int cycles = 0;
      while (compactor.runCycle().jobs() > 0) {
        cycles++;
      }
      double compactSeconds = (System.nanoTime() - t0) / 1e9;
      Latency after = lookups(backend, probes);
      String report = report(blocks, tracesPerBlock, rowGroupBytes, ingest, before, after, compactor.stats(), cycles, compactSeconds,
          liveBlocks(backend), loadBefore, load());
      System.out.println(report);
      if (results != null) {
        Files.writeString(results, report);
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  private record Ingest(List<TraceId> ids, long spans, long bytes, double seconds) {}

  /**
   * Blocks as ingesters cut them: each holds the traces of its slice of time; one trace in twenty
   * also has late spans in the next block.
   */
  private static Ingest writeBlocks(Backend backend, Path staging, int blocks, int tracesPerBlock) {
    TraceGenerator generator = new TraceGenerator(42);
    Random random = new Random(7);
    List<TraceId> ids = new ArrayList<>();
    List<List<Trace>> contents = new ArrayList<>();
    for (int b = 0; b < blocks; b++) {
      contents.add(new ArrayList<>());
    }
    long sliceNanos = Duration.ofMinutes(50).toNanos() / blocks;
    long startNanos = START.getEpochSecond() * 1_000_000_000L;
    for (int b = 0; b < blocks; b++) {
      for (int i = 0; i < tracesPerBlock; i++) {
        List<ResourceSpans> spans = generator.next(startNanos + b * sliceNanos + (long) (random.nextDouble() * sliceNanos));
        TraceId id = TraceId.of(spans.get(0).getScopeSpans(0).getSpans(0).getTraceId().toByteArray());
        ids.add(id);
        if (b + 1 < blocks && random.nextInt(20) == 0 && spans.size() > 1) {
          int cut = spans.size() / 2;
          contents.get(b).add(new Trace(id, spans.subList(0, cut)));
          contents.get(b + 1).add(new Trace(id, spans.subList(cut, spans.size())));
        } else {
          contents.get(b).add(new Trace(id, spans));
        }
      }
    }
    long spans = 0;
    long bytes = 0;
    long t0 = System.nanoTime();
    for (List<Trace> block : contents) {
      block.sort(Comparator.comparing(Trace::id));
      try (BlockBuilder builder = Encodings.current()
          .newBlock(backend, TENANT, UUID.randomUUID(), 0, block.size(), BlockConfig.DEFAULT, staging)) {
        block.forEach(builder::add);
        BlockMeta meta = builder.complete();
        spans += meta.spans();
        bytes += meta.size();
      }
    }
    return new Ingest(ids, spans, bytes, (System.nanoTime() - t0) / 1e9);
  }

  private static List<TraceId> probes(List<TraceId> ids, int n) {
    Random random = new Random(11);
    List<TraceId> probes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      probes.add(ids.get(random.nextInt(ids.size())));
    }
    return probes;
  }

  private record Latency(int blocks, double p50, double p90, double p99, double mean, double coldMean) {}

  /**
   * Looks each probe up as the querier does (every live block whose ID range holds it, through a
   * reader cache, parts combined): once cold (readers new), then again warm (blooms, indexes and
   * footers cached). Milliseconds.
   */
  private static Latency lookups(Backend backend, List<TraceId> probes) {
    Blocklist blocklist = new Blocklist(backend);
    blocklist.poll();
    List<BlockMeta> metas = blocklist.metas(TENANT);
    BlockReaderCache cache = BlockReaderCache.forBackend(backend, 4096);
    double cold = 0;
    for (TraceId id : probes) {
      long t0 = System.nanoTime();
      lookup(metas, cache, id);
      cold += (System.nanoTime() - t0) / 1e6;
    }
    double[] warm = new double[probes.size()];
    for (int i = 0; i < probes.size(); i++) {
      long t0 = System.nanoTime();
      lookup(metas, cache, probes.get(i));
      warm[i] = (System.nanoTime() - t0) / 1e6;
    }
    double mean = Arrays.stream(warm).average().orElse(0);
    Arrays.sort(warm);
    return new Latency(metas.size(), pct(warm, 0.5), pct(warm, 0.9), pct(warm, 0.99), mean, cold / probes.size());
  }

  private static void lookup(List<BlockMeta> metas, BlockReaderCache cache, TraceId id) {
    TraceCombiner combiner = new TraceCombiner(id);
    for (BlockMeta meta : metas) {
      if (meta.mayContain(id)) {
        cache.reader(meta).find(id).ifPresent(combiner::add);
      }
    }
    if (combiner.isEmpty()) {
      throw new IllegalStateException("Cannot find trace " + id + " in " + metas.size() + " blocks");
    }
  }

  private static double pct(double[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
  }

  private static int liveBlocks(Backend backend) {
    Blocklist list = new Blocklist(backend);
    list.poll();
    return list.metas(TENANT).size();
  }

  private static String report(int blocks, int tracesPerBlock, long rowGroupBytes, Ingest ingest, Latency before, Latency after,
      CompactorStats stats, int cycles, double seconds, int blocksAfter, String loadBefore, String loadAfter) {
    double mergeSeconds = stats.compactionNanos() / 1e9;
    double ingestSpansPerSec = ingest.spans() / ingest.seconds();
    double mergeSpansPerSec = stats.spansRead() / mergeSeconds;
    StringBuilder s = new StringBuilder();
    s.append("# Compaction benchmark\n\n");
    s.append(String.format("Run %s on %d CPUs (%s), Java %s, local backend on %s. Load average before: %s; after: %s.%n%n",
        Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
        System.getProperty("java.version"), System.getProperty("os.name"), loadBefore, loadAfter));
    s.append(String.format("Input: %d level-0 blocks x %d traces (TraceGenerator shop traces; 1 in 20 split over two blocks): %d spans, %.1f MB of data.parquet.%n%n",
        blocks, tracesPerBlock, ingest.spans(), ingest.bytes() / 1e6));
    s.append(String.format("Compacted blocks written with %d-byte row groups (parquet_row_group_size_bytes); input blocks are smaller than one row group.%n%n", rowGroupBytes));
    s.append("| measure | value |\n|---|---|\n");
    s.append(String.format("| ingest (block write: sort, encode, blooms, upload) | %.0f spans/s, %.2f MB/s |%n",
        ingestSpansPerSec, ingest.bytes() / 1e6 / ingest.seconds()));
    s.append(String.format("| compaction merge (spans and bytes read by jobs / time in jobs) | %.0f spans/s, %.2f MB/s |%n",
        mergeSpansPerSec, stats.bytesRead() / 1e6 / mergeSeconds));
    s.append(String.format("| compaction vs ingest throughput (spans/s) | %.2f |%n", mergeSpansPerSec / ingestSpansPerSec));
    s.append(String.format("| compaction to one block, end to end (%d cycles, %d jobs, levels merged repeatedly) | %.1f s, %.0f input spans/s |%n",
        cycles, stats.jobs(), seconds, ingest.spans() / seconds));
    s.append(String.format("| spans read / written by jobs (repeats across levels; duplicates dropped) | %d / %d |%n",
        stats.spansRead(), stats.spansWritten()));
    s.append(String.format("| blocks before / after | %d / %d |%n", before.blocks(), blocksAfter));
    s.append(String.format("| trace by ID before: warm p50 / p90 / p99 / mean, cold mean (ms) | %.2f / %.2f / %.2f / %.2f, %.2f |%n",
        before.p50(), before.p90(), before.p99(), before.mean(), before.coldMean()));
    s.append(String.format("| trace by ID after: warm p50 / p90 / p99 / mean, cold mean (ms) | %.2f / %.2f / %.2f / %.2f, %.2f |%n",
        after.p50(), after.p90(), after.p99(), after.mean(), after.coldMean()));
    return s.toString();
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
