package dev.andante.benchmarks.e2e;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.S3Config;
import dev.andante.blockformat.backend.local.LocalObjectStore;
import dev.andante.blockformat.backend.s3.S3ObjectStore;
import dev.andante.blockformat.blocklist.Blocklist;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.compactor.Compactor;
import dev.andante.compactor.CompactorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backend's run: Andante (the packaged jar, its own JVM) takes the load generator's OTLP for
 * the set duration and is stopped with SIGTERM, which writes what it holds to blocks; the store is
 * measured; the compactor merges the ingested blocks (in this JVM, on the same store); blocks are
 * added up to each block count and a querier-only Andante answers trace-by-ID lookups.
 */
final class AndanteRun {
  private static final Logger LOG = LoggerFactory.getLogger(AndanteRun.class);
  private static final Pattern STARTED = Pattern.compile("Andante started.*HTTP API [^:,]+:(\\d+)(?:, OTLP/gRPC [^:,]+:(\\d+))?");
  private static final String BUCKET = "andante-bench";

  /** @param logErrors ERROR and OutOfMemoryError lines in Andante's log during ingest and shutdown, first ones first */
  record Ingest(
      LoadResult load, long acceptedPerMetrics, long discardedPerMetrics, GcLog heap, Duration shutdown, List<String> logErrors) {}

  record Storage(int blocks, long spans, StoreUsage usage) {
    double bytesPerSpan() {
      return spans == 0 ? 0 : usage.totalBytes() / (double) spans;
    }

    double parquetBytesPerSpan() {
      return spans == 0 ? 0 : usage.parquetBytes() / (double) spans;
    }
  }

  record Compaction(int blocksBefore, int blocksAfter, long spansRead, double seconds) {
    double spansPerSecond() {
      return seconds == 0 ? 0 : spansRead / seconds;
    }
  }

  record Level(int blocks, Duration seeding, List<Lookups.Result> results, GcLog querierHeap) {}

  record Result(String backend, Ingest ingest, Storage storage, Compaction compaction, List<Level> levels) {}

  private final HarnessOptions options;
  private final String backend;
  private final Path dir;
  private List<RequestPool.TraceRef> warmUp = List.of();

  AndanteRun(HarnessOptions options, String backend, Path dir) {
    this.options = options;
    this.backend = backend;
    this.dir = dir;
  }

  Result run() throws Exception {
    Files.createDirectories(dir);
    CountingS3Proxy s3 = backend.equals("s3") ? CountingS3Proxy.start(dir.resolve("s3"), BUCKET) : null;
    try {
      AndanteYaml.StoreTarget target = s3 == null
          ? AndanteYaml.StoreTarget.local(dir.resolve("blocks"))
          : AndanteYaml.StoreTarget.s3(s3.endpoint(), BUCKET, CountingS3Proxy.ACCESS_KEY, CountingS3Proxy.SECRET_KEY);
      Path config = dir.resolve("andante.yaml");
      Files.writeString(config, new AndanteYaml(target, dir.resolve("wal"), options.traceIdlePeriod(),
          options.maxBlockDuration(), options.maxBlockBytes(), options.fsync()).render());
      Path blockFiles = s3 == null ? dir.resolve("blocks") : s3.dataDir().resolve(BUCKET);

      Ingest ingest = ingest(config);
      try (Backend store = openStore(s3)) {
        Storage storage = storage(store, blockFiles);
        LOG.info("{}: {} blocks, {} spans, {} bytes ({} bytes/span)", backend, storage.blocks(), storage.spans(),
            storage.usage().totalBytes(), String.format("%.1f", storage.bytesPerSpan()));
        Compaction compaction = compact(store);
        List<Level> levels = lookups(store, config, ingest.load().traces(), s3 == null ? null : s3.gets::sum);
        return new Result(backend, ingest, storage, compaction, levels);
      }
    } finally {
      if (s3 != null) {
        s3.close();
      }
    }
  }

  private Ingest ingest(Path config) throws Exception {
    Path gc = dir.resolve("andante-ingest-gc.log");
    try (ChildJvm andante = startAndante(config, "all", gc)) {
      Matcher started = andante.awaitLog(STARTED, Duration.ofMinutes(2));
      String http = "http://127.0.0.1:" + started.group(1);
      Http.awaitOk(http + "/ready", Duration.ofMinutes(1));
      LoadResult load = Harness.runLoad("otlp", Integer.parseInt(started.group(2)), options, dir.resolve("load-" + backend));
      String metrics = Http.get(http + "/metrics");
      GcLog heap = GcLog.parse(Files.readString(gc));
      long t0 = System.nanoTime();
      andante.close();
      Duration shutdown = Duration.ofNanos(System.nanoTime() - t0);
      LOG.info("{}: {} spans/s, ack p50 {} ms p99 {} ms; shut down in {} ms", backend, load.spansPerSecond(),
          load.ack().p50Millis(), load.ack().p99Millis(), shutdown.toMillis());
      List<String> errors = andante.read().lines()
          .filter(l -> l.contains("[ERROR]") || l.contains("OutOfMemoryError")).toList();
      return new Ingest(load, Http.counter(metrics, "andante_ingester_spans_accepted_total"),
          Http.counter(metrics, "andante_discarded_spans_total"), heap, shutdown, errors);
    }
  }

  private ChildJvm startAndante(Path config, String target, Path gcLog) {
    return ChildJvm.start("Andante (" + target + ")",
        List.of("-Xms" + options.heap(), "-Xmx" + options.heap(), "-Xlog:gc:file=" + gcLog),
        List.of("-jar", options.andanteJar().toAbsolutePath().toString(), "-config.file=" + config, "-target=" + target),
        Map.of(), dir.resolve("andante-" + target + "-" + System.nanoTime() + ".log"));
  }

  private Backend openStore(CountingS3Proxy s3) {
    if (s3 == null) {
      return new Backend(new LocalObjectStore(dir.resolve("blocks")));
    }
    return new Backend(S3ObjectStore.create(new S3Config(BUCKET, "", s3.endpoint(), S3Config.DEFAULT_REGION,
        CountingS3Proxy.ACCESS_KEY, CountingS3Proxy.SECRET_KEY, true, true)));
  }

  private static List<BlockMeta> liveBlocks(Backend store) {
    Blocklist blocklist = new Blocklist(store);
    blocklist.poll();
    return blocklist.metas(TenantId.SINGLE_TENANT);
  }

  private static Storage storage(Backend store, Path blockFiles) {
    List<BlockMeta> metas = liveBlocks(store);
    return new Storage(metas.size(), metas.stream().mapToLong(BlockMeta::spans).sum(), StoreUsage.of(blockFiles));
  }

  private Compaction compact(Backend store) {
    int before = liveBlocks(store).size();
    Compactor compactor = Compactor.builder(store, CompactorConfig.DEFAULT.withCompactionWindow(Duration.ofHours(24)))
        .clock(Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC))
        .stagingDir(dir.resolve("compactor")).build();
    try {
      while (compactor.runCycle().jobs() > 0) {
        // until nothing is left to merge
      }
      double seconds = compactor.stats().compactionNanos() / 1e9;
      int after = liveBlocks(store).size();
      LOG.info("{}: compacted {} blocks into {}: {} spans in {} s", backend, before, after, compactor.stats().spansRead(), seconds);
      return new Compaction(before, after, compactor.stats().spansRead(), seconds);
    } finally {
      compactor.close();
    }
  }

  private List<Level> lookups(Backend store, Path config, List<RequestPool.TraceRef> ingested, LongSupplier gets) throws IOException {
    BlockFiller filler = new BlockFiller(store, TenantId.SINGLE_TENANT, options.seed(), options.tracesPerSeededBlock(),
        Instant.now().minus(Duration.ofHours(1)), dir.resolve("staging"));
    List<Level> levels = new ArrayList<>();
    for (int target : options.blockCounts()) {
      int live = liveBlocks(store).size();
      long t0 = System.nanoTime();
      filler.write(Math.max(0, target - live));
      Duration seeding = Duration.ofNanos(System.nanoTime() - t0);
      int blocks = liveBlocks(store).size();
      LOG.info("{}: {} blocks ({} written in {} s); looking up", backend, blocks, filler.written(), seeding.toSeconds());
      levels.add(lookupsAt(blocks, seeding, config, found(ingested, filler.samples()), gets));
    }
    return levels;
  }

  /**
   * Half the found IDs from the ingested traces, half from the added blocks, shuffled; five other
   * ingested ones are kept apart to warm the querier up with.
   */
  private List<RequestPool.TraceRef> found(List<RequestPool.TraceRef> ingested, List<RequestPool.TraceRef> seeded) {
    Random random = new Random(options.seed());
    List<RequestPool.TraceRef> a = new ArrayList<>(ingested);
    List<RequestPool.TraceRef> b = new ArrayList<>(seeded);
    Collections.shuffle(a, random);
    Collections.shuffle(b, random);
    warmUp = a.subList(0, Math.min(a.size(), 5));
    a = a.subList(warmUp.size(), a.size());
    List<RequestPool.TraceRef> out = new ArrayList<>(a.subList(0, Math.min(a.size(), options.lookups() / 2)));
    out.addAll(b.subList(0, Math.min(b.size(), options.lookups() - out.size())));
    Collections.shuffle(out, random);
    return out;
  }

  private Level lookupsAt(int blocks, Duration seeding, Path config, List<RequestPool.TraceRef> found, LongSupplier gets) throws IOException {
    Path gc = dir.resolve("andante-querier-" + blocks + "-gc.log");
    try (ChildJvm querier = startAndante(config, "querier", gc)) {
      String http = "http://127.0.0.1:" + querier.awaitLog(STARTED, Duration.ofMinutes(2)).group(1);
      Http.awaitOk(http + "/ready", Duration.ofMinutes(2));
      Lookups lookups = new Lookups(http, "/api/traces/%s", gets);
      List<RequestPool.TraceRef> missing = Lookups.missing(options.lookups(), found, options.seed() + blocks);
      lookups.run("warm-up", Lookups.missing(10, found, options.seed() - blocks), false, false);
      lookups.run("warm-up", warmUp, true, false);
      List<Lookups.Result> results = List.of(
          lookups.run("found, no hint", found, true, false),
          lookups.run("found, start/end hint", found, true, true),
          lookups.run("missing, no hint", missing, false, false),
          lookups.run("missing, start/end hint", missing, false, true));
      return new Level(blocks, seeding, results, GcLog.parse(Files.readString(gc)));
    }
  }
}
