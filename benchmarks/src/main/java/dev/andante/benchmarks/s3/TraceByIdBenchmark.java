package dev.andante.benchmarks.s3;

import dev.andante.benchmarks.generator.TraceGenerator;
import dev.andante.benchmarks.s3.Measurement.Cache;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.CountingObjectStore;
import dev.andante.blockformat.backend.local.LocalObjectStore;
import dev.andante.blockformat.backend.s3.S3ObjectStore;
import dev.andante.blockformat.backend.s3.S3Options;
import dev.andante.blockformat.backend.s3.S3ProxyServer;
import dev.andante.blockformat.encoding.BlockConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a trace-by-ID lookup costs against object storage: GETs, bytes and latency per found and per
 * missing trace, with cold and with warm block readers, at 10 and at 100 blocks per tenant. The S3
 * run talks HTTP to S3Proxy in this JVM on 127.0.0.1 (real SDK, real requests, no network
 * latency); the local run reads the same blocks from a directory. Writes a markdown report.
 *
 * <p>Run from the repository root; see benchmarks/README.md for the command and options.
 */
public final class TraceByIdBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(TraceByIdBenchmark.class);
  private static final TenantId TENANT = new TenantId("shop");
  private static final int JIT_WARMUP_LOOKUPS = 30;

  /** A backend under test, its request counter, and what to close after. */
  private record Target(String name, Backend backend, CountingObjectStore counter, AutoCloseable server) {}

  private TraceByIdBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchmarkOptions options = BenchmarkOptions.parse(args);
    Path work = Files.createTempDirectory("andante-s3-bench-");
    List<Target> targets = new ArrayList<>();
    try {
      for (String name : options.backends()) {
        targets.add(open(name, work));
      }
      MarkdownReport report = run(options, targets, work);
      report.writeTo(options.out());
      LOG.info("Wrote {}", options.out().toAbsolutePath());
      System.out.println(report.render());
    } finally {
      for (Target target : targets) {
        target.backend().close();
        if (target.server() != null) {
          target.server().close();
        }
      }
      deleteRecursively(work);
    }
  }

  private static MarkdownReport run(BenchmarkOptions options, List<Target> targets, Path work) throws IOException {
    MarkdownReport report = new MarkdownReport(options, Machine.describe());
    BlockConfig config = new BlockConfig(
        BlockConfig.DEFAULT_BLOOM_FALSE_POSITIVE, BlockConfig.DEFAULT_BLOOM_SHARD_SIZE_BYTES, options.rowGroupBytes());
    BlockSeeder seeder = new BlockSeeder(
        TENANT, new TraceGenerator(options.seed()), options.tracesPerBlock(), config,
        Files.createDirectories(work.resolve("staging")));
    List<Backend> backends = targets.stream().map(Target::backend).toList();
    Random random = new Random(options.seed());
    boolean jitWarm = false;
    for (int blocks : options.blockCounts()) {
      LOG.info("Writing blocks {}..{} to {}", seeder.blocksWritten(), blocks - 1, options.backends());
      List<BlockSeeder.WriteStats> written = seeder.writeUpTo(blocks, backends);
      for (int t = 0; t < targets.size(); t++) {
        report.written(targets.get(t).name(), blocks, written.get(t));
      }
      List<BlockMeta> metas = blocklist(targets.get(0).backend());
      LookupSample sample = LookupSample.draw(
          random, seeder, metas, options.found(), options.missingInRange(), options.missingOutOfRange());
      if (!jitWarm) {
        LookupSample warmup = LookupSample.draw(random, seeder, metas, JIT_WARMUP_LOOKUPS, JIT_WARMUP_LOOKUPS, 5);
        for (Target target : targets) {
          new Measurement(target.name(), target.backend(), target.counter(), seeder).run(metas, warmup, Cache.COLD);
        }
        jitWarm = true;
        for (Target target : targets) {
          report.probed(GetProbe.run(target.name(), target.counter().delegate(), metas.get(0)));
        }
      }
      for (Target target : targets) {
        Measurement measurement = new Measurement(target.name(), target.backend(), target.counter(), seeder);
        List<BlockMeta> own = blocklist(target.backend());
        for (Cache cache : Cache.values()) {
          LOG.info("Measuring {} at {} blocks, {} readers", target.name(), blocks, cache);
          LookupSample lookups = cache == Cache.COLD ? sample.first(options.coldLookups()) : sample;
          report.measured(measurement.run(own, lookups, cache));
        }
      }
    }
    BlockMeta first = blocklist(targets.get(0).backend()).get(0);
    report.note(String.format(
        "Each block has %d bloom shard(s) and %d row group(s); a found trace costs one ranged GET of its whole row group.",
        first.bloomShards(), first.rowGroups()));
    return report;
  }

  /** The tenant's block metas, as the querier's blocklist poll would have them. */
  private static List<BlockMeta> blocklist(Backend backend) {
    List<BlockMeta> metas = new ArrayList<>();
    for (var id : backend.blocks(TENANT)) {
      backend.blockMeta(TENANT, id).ifPresent(metas::add);
    }
    metas.sort(Comparator.comparing(BlockMeta::startTime));
    return metas;
  }

  private static Target open(String name, Path work) throws IOException {
    if (name.equals("s3")) {
      S3ProxyServer server = S3ProxyServer.start(Files.createDirectories(work.resolve("s3proxy")));
      String bucket = server.createBucket();
      CountingObjectStore counter = new CountingObjectStore(S3ObjectStore.create(server.config(bucket), S3Options.DEFAULT));
      LOG.info("S3Proxy on {}, bucket {}", server.endpoint(), bucket);
      return new Target("s3 (S3Proxy)", new Backend(counter), counter, server);
    }
    CountingObjectStore counter = new CountingObjectStore(new LocalObjectStore(Files.createDirectories(work.resolve("local"))));
    return new Target("local", new Backend(counter), counter, null);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove " + dir, e);
    }
  }
}
