package dev.andante.benchmarks.jmh;

import dev.andante.benchmarks.Host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH benchmarks and writes their results as a markdown report beside the machine, JVM,
 * load and commit they were measured on. Arguments: {@code [--out <file.md>]} then any JMH
 * command-line options (benchmark patterns, {@code -f}, {@code -wi}, {@code -i}, {@code -p}, …);
 * with no pattern, every benchmark of this package runs.
 */
public final class JmhRun {
  private static final String PACKAGE = JmhRun.class.getPackageName();

  private JmhRun() {}

  public static void main(String[] args) throws RunnerException, CommandLineOptionException {
    Path out = null;
    List<String> jmhArgs = new ArrayList<>(Arrays.asList(args));
    if (jmhArgs.size() >= 2 && jmhArgs.get(0).equals("--out")) {
      out = Path.of(jmhArgs.get(1));
      jmhArgs = jmhArgs.subList(2, jmhArgs.size());
    }
    CommandLineOptions options = new CommandLineOptions(jmhArgs.toArray(String[]::new));
    if (options.getIncludes().isEmpty()) {
      jmhArgs = new ArrayList<>(jmhArgs);
      jmhArgs.add(PACKAGE.replace(".", "\\.") + "\\..*");
      options = new CommandLineOptions(jmhArgs.toArray(String[]::new));
    }
    String loadBefore = Host.loadAverage();
    Instant started = Instant.now();
    Collection<RunResult> results = new Runner(options).run();
    String report = markdown(results, started, loadBefore, Host.loadAverage(), jmhArgs);
    System.out.println();
    System.out.println(report);
    if (out != null) {
      try {
        if (out.getParent() != null) {
          Files.createDirectories(out.getParent());
        }
        Files.writeString(out, report, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the report to " + out + ": " + e.getMessage(), e);
      }
      System.out.println("Written to " + out);
    }
  }

  static String markdown(
      Collection<RunResult> results, Instant started, String loadBefore, String loadAfter, List<String> jmhArgs) {
    StringBuilder md = new StringBuilder("# JMH: Andante's hot paths\n\n");
    md.append("- **When**: ").append(started.truncatedTo(ChronoUnit.SECONDS))
        .append(", ").append(Instant.now().getEpochSecond() - started.getEpochSecond()).append(" s in all\n");
    md.append("- **Machine**: ").append(Host.processors()).append(" processors (").append(Host.cpuModel())
        .append("), ").append(Host.memory()).append(", ").append(Host.os()).append('\n');
    md.append("- **Load average** (1, 5, 15 min) before: `").append(loadBefore)
        .append("`, after: `").append(loadAfter).append("` — the machine is shared; read the figures with that in mind\n");
    md.append("- **JVM**: ").append(Host.jvm()).append('\n');
    md.append("- **Commit**: ").append(Host.fullCommit()).append('\n');
    md.append("- **JMH**: ").append(org.openjdk.jmh.util.Version.getPlainVersion()).append(", arguments `")
        .append(String.join(" ", jmhArgs)).append("`\n");
    RunResult first = results.isEmpty() ? null : results.iterator().next();
    if (first != null) {
      BenchmarkParams p = first.getParams();
      md.append("- **Per benchmark**: ").append(p.getForks()).append(" fork, ")
          .append(p.getWarmup().getCount()).append(" × ").append(p.getWarmup().getTime()).append(" warm-up, ")
          .append(p.getMeasurement().getCount()).append(" × ").append(p.getMeasurement().getTime())
          .append(" measured, JVM options `").append(String.join(" ", p.getJvmArgs())).append("`\n");
    }
    md.append("\nScore: operations per second (higher is better) unless the unit says otherwise; ")
        .append("`:spans` rows are the same runs counted in spans per second. ")
        .append("Error: half the 99.9% confidence interval over the measured iterations.\n");

    Map<String, List<RunResult>> byClass = new LinkedHashMap<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      String cls = name.substring(0, name.lastIndexOf('.'));
      byClass.computeIfAbsent(cls.substring(cls.lastIndexOf('.') + 1), k -> new ArrayList<>()).add(result);
    }
    for (Map.Entry<String, List<RunResult>> entry : byClass.entrySet()) {
      md.append("\n## ").append(entry.getKey()).append("\n\n");
      md.append("| benchmark | params | threads | score | error | units |\n");
      md.append("|---|---|---:|---:|---:|---|\n");
      for (RunResult result : entry.getValue()) {
        BenchmarkParams params = result.getParams();
        String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        String paramText = paramText(params);
        row(md, method, paramText, params.getThreads(), result.getPrimaryResult());
        for (Map.Entry<String, Result> secondary : result.getSecondaryResults().entrySet()) {
          row(md, method + ":" + secondary.getKey(), paramText, params.getThreads(), secondary.getValue());
        }
      }
      if (entry.getKey().equals(BlockWriteBenchmark.class.getSimpleName())) {
        md.append(footprint(entry.getValue()));
      }
    }
    return md.toString();
  }

  private static String footprint(List<RunResult> results) {
    StringBuilder md = new StringBuilder("\nWhat the block takes (the same for every store; not timed):\n\n");
    md.append("| traces | spans | spans/trace | row groups | bloom shards | data.parquet bytes | bytes/span (data) | bytes/span (all objects) |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    results.stream().map(r -> Integer.parseInt(r.getParams().getParam("traces"))).distinct().forEach(traces -> {
      BlockWriteBenchmark.Footprint f = BlockWriteBenchmark.footprint(traces);
      md.append(String.format("| %,d | %,d | %.1f | %d | %d | %,d | %.1f | %.1f |%n",
          f.traces(), f.spans(), (double) f.spans() / f.traces(), f.rowGroups(), f.bloomShards(), f.dataBytes(),
          f.dataBytesPerSpan(), f.storedBytesPerSpan()));
    });
    return md.toString();
  }

  private static String paramText(BenchmarkParams params) {
    List<String> parts = new ArrayList<>();
    for (String key : params.getParamsKeys()) {
      parts.add(key + "=" + params.getParam(key));
    }
    return parts.isEmpty() ? "" : String.join(", ", parts);
  }

  private static void row(StringBuilder md, String name, String params, int threads, Result result) {
    String units = result.getScoreUnit();
    if (name.endsWith(":spans") && units.equals("ops/s")) {
      units = "spans/s";
    }
    double error = result.getScoreError();
    md.append("| ").append(name).append(" | ").append(params).append(" | ").append(threads).append(" | ")
        .append(number(result.getScore())).append(" | ").append(Double.isNaN(error) ? "" : "± " + number(error))
        .append(" | ").append(units).append(" |\n");
  }

  private static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Math.abs(value) >= 100) {
      return String.format("%,.0f", value);
    }
    return String.format(Math.abs(value) >= 1 ? "%.2f" : "%.3f", value);
  }
}
