package dev.andante.benchmarks.e2e;

import dev.andante.benchmarks.Host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end benchmark: Andante's packaged jar on each backend and Zipkin as the peer, each in
 * its own JVM, loaded by {@link LoadGenerator} in a third; results as markdown. How to run it and
 * what each figure means: benchmarks/README.md.
 */
public final class Harness {
  private static final Logger LOG = LoggerFactory.getLogger(Harness.class);

  private Harness() {}

  public static void main(String[] args) throws Exception {
    HarnessOptions options = HarnessOptions.parse(args);
    if (!Files.isRegularFile(options.andanteJar())) {
      throw new IllegalStateException("Cannot run: no Andante jar at " + options.andanteJar()
          + " (build it with mvn -q -B package -DskipTests, or pass --andante-jar)");
    }
    Path work = options.workDir() != null ? Files.createDirectories(options.workDir()) : Files.createTempDirectory("andante-e2e-");
    E2eReport.Run run = new E2eReport.Run(Instant.now(), Host.uptime(), options);
    LOG.info("work directory {} (logs of every process are kept there)", work);
    List<AndanteRun.Result> andante = new ArrayList<>();
    for (String backend : options.backends()) {
      andante.add(new AndanteRun(options, backend, work.resolve(backend)).run());
    }
    ZipkinRun.Result zipkin = null;
    String zipkinFailure = null;
    if (options.zipkin()) {
      try {
        zipkin = new ZipkinRun(options, work.resolve("zipkin")).run();
      } catch (RuntimeException e) {
        // Andante's figures are worth keeping when the peer fails: report them with the reason.
        LOG.error("Zipkin's run failed; reporting without it", e);
        zipkinFailure = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      }
    }
    String report = new E2eReport(run, Host.uptime(), andante, zipkin, zipkinFailure).render();
    Files.createDirectories(options.out().toAbsolutePath().getParent());
    Files.writeString(options.out(), report);
    System.out.println(report);
    LOG.info("written to {}", options.out());
  }

  /** Runs the load generator in its own JVM against {@code port} and reads what it measured. */
  static LoadResult runLoad(String target, int port, HarnessOptions options, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path out = dir.resolve("load.properties");
    try (ChildJvm load = ChildJvm.start("load generator (" + target + ")",
        List.of("-Xms1g", "-Xmx1g", "-cp", System.getProperty("java.class.path")),
        List.of(LoadGenerator.class.getName(), "--target", target, "--port", Integer.toString(port),
            "--duration", options.duration().toSeconds() + "s", "--warmup", options.warmup().toSeconds() + "s",
            "--clients", Integer.toString(options.clients()), "--batch-spans", Integer.toString(options.batchSpans()),
            "--pool-spans", Integer.toString(options.poolSpans()), "--seed", Long.toString(options.seed()), "--out", out.toString()),
        Map.of(), dir.resolve("load-generator.log"))) {
      int exit = load.awaitExit(options.duration().plus(options.warmup()).plus(Duration.ofMinutes(5)));
      if (exit != 0 || !Files.exists(out)) {
        throw new IllegalStateException("Cannot load " + target + ": the load generator exited with " + exit + "\n" + load.read());
      }
      return LoadResult.read(out);
    }
  }
}
