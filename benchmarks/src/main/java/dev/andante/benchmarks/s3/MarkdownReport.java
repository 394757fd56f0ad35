package dev.andante.benchmarks.s3;

import dev.andante.benchmarks.s3.BlockSeeder.WriteStats;
import dev.andante.benchmarks.s3.Measurement.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes the results of one run as markdown: the machine, the data, then one table of lookups. */
final class MarkdownReport {
  /** The write cost of one batch of blocks on one backend. */
  record Written(String backend, int totalBlocks, WriteStats stats) {}

  private final BenchmarkOptions options;
  private final Machine machine;
  private final List<Written> writes = new ArrayList<>();
  private final List<Row> rows = new ArrayList<>();
  private final List<GetProbe.Result> probes = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  MarkdownReport(BenchmarkOptions options, Machine machine) {
    this.options = options;
    this.machine = machine;
  }

  void written(String backend, int totalBlocks, WriteStats stats) {
    writes.add(new Written(backend, totalBlocks, stats));
  }

  void probed(GetProbe.Result probe) {
    probes.add(probe);
  }

  void measured(List<Row> more) {
    rows.addAll(more);
  }

  void note(String note) {
    notes.add(note);
  }

  String render() {
    StringBuilder md = new StringBuilder();
    md.append("# Trace by ID over S3: requests, bytes and latency per lookup\n\n");
    md.append("Run ").append(startedAt).append(" by `dev.andante.benchmarks.s3.TraceByIdBenchmark`")
        .append(" (see benchmarks/README.md).\n\n");
    md.append("## Machine\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| CPU | ").append(machine.cpuModel()).append(" |\n");
    md.append("| processors (nproc) | ").append(machine.processors()).append(" |\n");
    md.append("| memory | ").append(machine.memory()).append(" |\n");
    md.append("| load average at start | ").append(machine.loadAverage()).append(" |\n");
    md.append("| JVM | ").append(machine.jvm()).append(" |\n");
    md.append("| OS | ").append(machine.os()).append(" |\n");
    md.append("| git commit | ").append(machine.gitCommit()).append(" |\n\n");
    md.append("## Data\n\n");
    md.append(String.format(Locale.ROOT,
        "%,d traces per block from `TraceGenerator` (seed %d), blocks of consecutive five-minute windows, "
            + "encoding `%s`, row groups of %,d bytes. Lookups per measurement: %d found, %d missing in range, "
            + "%d missing out of range, shuffled; warm readers run all of them, cold readers the first %d.%n%n",
        options.tracesPerBlock(), options.seed(), dev.andante.blockformat.encoding.Encodings.current().version(),
        options.rowGroupBytes(), options.found(), options.missingInRange(), options.missingOutOfRange(), options.coldLookups()));
    md.append("| backend | blocks after | blocks written | traces | spans | data.parquet total | per block | write time | traces/s |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Written w : writes) {
      WriteStats s = w.stats();
      double seconds = s.nanos() / 1e9;
      md.append(String.format(Locale.ROOT, "| %s | %d | %d | %,d | %,d | %s | %s | %.1f s | %,.0f |%n",
          w.backend(), w.totalBlocks(), s.blocks(), s.traces(), s.spans(), bytes(s.dataBytes()),
          bytes(s.dataBytes() / Math.max(1, s.blocks())), seconds, s.traces() / Math.max(seconds, 1e-9)));
    }
    md.append("\n## One GET\n\n");
    md.append("The floor under every lookup: 100 GETs of one bloom shard, and 100 ranged GETs of 16 bytes of data.parquet.\n\n");
    md.append("| backend | object | GET p50 | GET p99 | ranged GET p50 | ranged GET p99 |\n|---|---:|---:|---:|---:|---:|\n");
    for (GetProbe.Result p : probes) {
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", p.backend(), bytes(p.objectBytes()),
          millis(p.wholeGet().p50()), millis(p.wholeGet().p99()), millis(p.rangedGet().p50()), millis(p.rangedGet().p99())));
    }
    md.append("\n## Lookups\n\n");
    md.append("GETs and bytes are what reached the object store (whole-object reads plus ranged reads, "
        + "counted by `CountingObjectStore`); the blocklist (block metas) is read before and not counted, "
        + "as a querier polls it in the background. Blocks are asked one after another. Latency is "
        + "wall-clock per lookup across all candidate blocks.\n\n");
    md.append("| backend | blocks | readers | lookup | n | candidate blocks | GETs mean | GETs max | read mean | read p99 | latency p50 | latency p99 | latency mean |\n");
    md.append("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %d | %.1f | %.2f | %d | %s | %s | %s | %s | %s |%n",
          r.backend(), r.blocks(), r.cache().name().toLowerCase(Locale.ROOT), r.kind().label, r.gets().count(),
          r.candidates(), r.gets().mean(), r.gets().max(), bytes(Math.round(r.bytes().mean())),
          bytes(r.bytes().p99()), millis(r.micros().p50()), millis(r.micros().p99()),
          millis(Math.round(r.micros().mean()))));
    }
    if (!notes.isEmpty()) {
      md.append("\n## Notes\n\n");
      for (String note : notes) {
        md.append("- ").append(note).append('\n');
      }
    }
    return md.toString();
  }

  void writeTo(Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, render());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write report: " + e.getMessage() + " (" + file + ")", e);
    }
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.2f MiB", n / 1024.0 / 1024.0);
  }

  static String millis(long micros) {
    return micros < 10_000
        ? String.format(Locale.ROOT, "%.2f ms", micros / 1000.0)
        : String.format(Locale.ROOT, "%.0f ms", micros / 1000.0);
  }
}
