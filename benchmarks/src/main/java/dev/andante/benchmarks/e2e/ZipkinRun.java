package dev.andante.benchmarks.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer: Zipkin 3.5's server jar, its own JVM with Andante's heap, in-memory storage keeping at
 * most {@code --zipkin-max-spans} spans (its default of 500,000 of these spans, tags and all, does
 * not fit in 1 GiB: it ran out of heap in a trial), fed the same requests as Zipkin JSON v2 by the
 * same load generator, then asked for traces by ID at {@code /api/v2/trace/{id}}.
 */
final class ZipkinRun {
  private static final Logger LOG = LoggerFactory.getLogger(ZipkinRun.class);

  record Result(LoadResult load, GcLog heap, List<Lookups.Result> lookups) {}

  private final HarnessOptions options;
  private final Path dir;

  ZipkinRun(HarnessOptions options, Path dir) {
    this.options = options;
    this.dir = dir;
  }

  Result run() throws Exception {
    if (!Files.isRegularFile(options.zipkinJar())) {
      throw new IllegalStateException("Cannot run Zipkin: no jar at " + options.zipkinJar()
          + " (benchmarks/run-e2e.sh fetches it; or pass --zipkin-jar, or --no-zipkin)");
    }
    Files.createDirectories(dir);
    int port = Http.freePort();
    Path gc = dir.resolve("zipkin-gc.log");
    try (ChildJvm zipkin = ChildJvm.start("Zipkin",
        List.of("-Xms" + options.heap(), "-Xmx" + options.heap(), "-Xlog:gc:file=" + gc),
        List.of("-jar", options.zipkinJar().toAbsolutePath().toString()),
        Map.of("QUERY_PORT", Integer.toString(port), "STORAGE_TYPE", "mem", "MEM_MAX_SPANS", Integer.toString(options.zipkinMaxSpans())),
        dir.resolve("zipkin.log"))) {
      String http = "http://127.0.0.1:" + port;
      Http.awaitOk(http + "/health", Duration.ofMinutes(3));
      LoadResult load = Harness.runLoad("zipkin", port, options, dir.resolve("load-zipkin"));
      LOG.info("zipkin: {} spans/s, ack p50 {} ms p99 {} ms", load.spansPerSecond(), load.ack().p50Millis(), load.ack().p99Millis());
      GcLog heap = GcLog.parse(Files.readString(gc));
      List<RequestPool.TraceRef> found = new ArrayList<>(load.traces());
      Collections.shuffle(found, new Random(options.seed()));
      List<RequestPool.TraceRef> warmUp = found.subList(0, Math.min(found.size(), 5));
      found = found.subList(warmUp.size(), Math.min(found.size(), options.lookups() + warmUp.size()));
      Lookups lookups = new Lookups(http, "/api/v2/trace/%s", null);
      List<RequestPool.TraceRef> missing = Lookups.missing(options.lookups(), found, options.seed());
      lookups.run("warm-up", Lookups.missing(10, found, options.seed() - 1), false, false);
      lookups.run("warm-up", warmUp, true, false);
      List<Lookups.Result> results = List.of(
          lookups.run("found, no hint", found, true, false),
          lookups.run("missing, no hint", missing, false, false));
      return new Result(load, heap, results);
    }
  }
}
