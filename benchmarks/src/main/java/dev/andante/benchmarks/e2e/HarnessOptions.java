package dev.andante.benchmarks.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

/** The harness's flags; see benchmarks/README.md for each one's meaning. */
record HarnessOptions(
    List<String> backends,
    Duration duration,
    Duration warmup,
    int clients,
    int batchSpans,
    int poolSpans,
    String heap,
    List<Integer> blockCounts,
    int lookups,
    int tracesPerSeededBlock,
    Duration traceIdlePeriod,
    Duration maxBlockDuration,
    long maxBlockBytes,
    String fsync,
    boolean zipkin,
    int zipkinMaxSpans,
    Path andanteJar,
    Path zipkinJar,
    Path workDir,
    Path out,
    long seed) {

  static final Path DEFAULT_ZIPKIN_JAR = Path.of(System.getProperty("user.home"),
      ".m2/repository/io/zipkin/zipkin-server/3.5.1/zipkin-server-3.5.1-exec.jar");

  HarnessOptions {
    for (String b : backends) {
      if (!b.equals("local") && !b.equals("s3")) {
        throw new IllegalArgumentException("--backends must list local and/or s3, got " + b);
      }
    }
    if (clients < 1) {
      throw new IllegalArgumentException("--clients must be positive, got " + clients);
    }
    if (lookups < 1) {
      throw new IllegalArgumentException("--lookups must be positive, got " + lookups);
    }
    for (int i = 1; i < blockCounts.size(); i++) {
      if (blockCounts.get(i) <= blockCounts.get(i - 1)) {
        throw new IllegalArgumentException("--blocks must be increasing, got " + blockCounts);
      }
    }
  }

  static HarnessOptions parse(String[] argv) {
    Args a = Args.parse(argv);
    String defaultOut = "benchmarks/results/e2e-" + LocalDate.now(ZoneOffset.UTC) + ".md";
    return new HarnessOptions(
        List.of(a.string("backends", a.string("backend", "s3")).split(",")),
        a.duration("duration", "20s"),
        a.duration("warmup", "5s"),
        a.integer("clients", 16),
        a.integer("batch-spans", 512),
        a.integer("pool-spans", 150_000),
        a.string("heap", "1g"),
        Arrays.stream(a.string("blocks", "10,100,1000").split(",")).map(String::trim).map(Integer::parseInt).toList(),
        a.integer("lookups", 30),
        a.integer("traces-per-block", 40),
        a.duration("trace-idle-period", "2s"),
        a.duration("max-block-duration", "5s"),
        Long.parseLong(a.string("max-block-bytes", "524288000")),
        a.string("fsync", "always"),
        !a.flag("no-zipkin"),
        a.integer("zipkin-max-spans", 100_000),
        Path.of(a.string("andante-jar", "deploy/target/andante.jar")),
        Path.of(a.string("zipkin-jar", DEFAULT_ZIPKIN_JAR.toString())),
        a.values().containsKey("work-dir") ? Path.of(a.required("work-dir")) : null,
        Path.of(a.string("out", defaultOut)),
        a.integer("seed", 20261121));
  }

  /** The flags as one line, for the report. */
  String describe() {
    return "--backends " + String.join(",", backends) + " --duration " + duration.toSeconds() + "s --warmup "
        + warmup.toSeconds() + "s --clients " + clients + " --batch-spans " + batchSpans + " --pool-spans " + poolSpans
        + " --heap " + heap + " --blocks " + blockCounts.stream().map(String::valueOf).reduce((x, y) -> x + "," + y).orElse("")
        + " --lookups " + lookups + " --traces-per-block " + tracesPerSeededBlock
        + " --trace-idle-period " + AndanteYaml.go(traceIdlePeriod) + " --max-block-duration " + AndanteYaml.go(maxBlockDuration)
        + " --max-block-bytes " + maxBlockBytes + " --fsync " + fsync
        + (zipkin ? " --zipkin-max-spans " + zipkinMaxSpans : " --no-zipkin") + " --seed " + seed;
  }
}
