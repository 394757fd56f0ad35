package dev.andante.benchmarks.e2e;

import dev.andante.benchmarks.Host;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The run's results as markdown: machine, parameters, one table per figure, ratios to Zipkin. */
final class E2eReport {
  /** What was known when the run started. */
  record Run(Instant startedAt, String uptimeAtStart, HarnessOptions options) {}

  private final Run run;
  private final String uptimeAtEnd;
  private final List<AndanteRun.Result> andante;
  private final ZipkinRun.Result zipkin;
  private final String zipkinFailure;
  private final StringBuilder md = new StringBuilder();

  /** {@code zipkin} null when it did not run: {@code zipkinFailure} says why, or is null when it was not asked for. */
  E2eReport(Run run, String uptimeAtEnd, List<AndanteRun.Result> andante, ZipkinRun.Result zipkin, String zipkinFailure) {
    this.run = run;
    this.uptimeAtEnd = uptimeAtEnd;
    this.andante = andante;
    this.zipkin = zipkin;
    this.zipkinFailure = zipkinFailure;
  }

  String render() {
    HarnessOptions o = run.options();
    line("# End-to-end benchmark: Andante and Zipkin under the same load");
    line("");
    line("Measured " + run.startedAt() + " by `dev.andante.benchmarks.e2e.Harness` (how to run it: benchmarks/README.md).");
    line("");
    line("| | |");
    line("|---|---|");
    line("| commit | `" + Host.commit() + "` |");
    line("| machine | " + Host.processors() + " cores (`nproc`), " + Host.cpuModel() + ", " + Host.memory() + " |");
    line("| JVM | " + Host.jvm() + " |");
    line("| load at start (`uptime`) | " + run.uptimeAtStart() + " |");
    line("| load at end (`uptime`) | " + uptimeAtEnd + " |");
    line("| parameters | `" + o.describe() + "` |");
    line("");
    line("Andante (`java -jar deploy/target/andante.jar`), Zipkin 3.5.1 (`zipkin-server-3.5.1-exec.jar`, in-memory) and the "
        + "load generator each run in their own JVM on this machine; Andante and Zipkin get the same heap (`-Xms" + o.heap()
        + " -Xmx" + o.heap() + "`), the load generator 1 GiB. The load is **closed loop**: " + o.clients()
        + " clients, one connection each, each sending its next request when the previous one is answered; requests carry "
        + o.batchSpans() + " spans of generated shop traces (about 19 spans a trace), the same requests to both systems "
        + "(OTLP/gRPC protobuf to Andante, Zipkin JSON v2 over HTTP/1.1 to Zipkin). Counted: requests sent after a "
        + o.warmup().toSeconds() + " s warm-up and answered within the next " + o.duration().toSeconds() + " s.");
    line("");
    if (zipkinFailure != null) {
      line("**Zipkin's run failed**, so it is missing below: `" + zipkinFailure + "` (its log is in the work directory).");
      line("");
    }
    ingest();
    storage();
    compaction();
    lookups();
    if (zipkin != null) {
      ratios();
    }
    aims();
    return md.toString();
  }

  private void ingest() {
    line("## Ingest");
    line("");
    line("| system | backend | spans/s acked | ack p50 ms | ack p99 ms | ack max ms | requests ok / failed | accepted per `/metrics` | heap: max before GC / max after GC (MiB) |");
    line("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (AndanteRun.Result r : andante) {
      AndanteRun.Ingest i = r.ingest();
      line("| Andante | " + r.backend() + " | " + n(i.load().spansPerSecond()) + " | " + ms(i.load().ack().p50()) + " | "
          + ms(i.load().ack().p99()) + " | " + ms(i.load().ack().max()) + " | " + i.load().okRequests() + " / "
          + i.load().failedRequests() + " | " + i.acceptedPerMetrics() + " of " + i.load().sentSpans() + " sent"
          + (i.discardedPerMetrics() > 0 ? ", " + i.discardedPerMetrics() + " discarded" : "") + " | "
          + i.heap().maxBeforeMb() + " / " + i.heap().maxAfterMb() + " |");
    }
    if (zipkin != null) {
      LoadResult l = zipkin.load();
      line("| Zipkin | in-memory | " + n(l.spansPerSecond()) + " | " + ms(l.ack().p50()) + " | " + ms(l.ack().p99()) + " | "
          + ms(l.ack().max()) + " | " + l.okRequests() + " / " + l.failedRequests() + " | n/a | "
          + zipkin.heap().maxBeforeMb() + " / " + zipkin.heap().maxAfterMb() + " |");
    }
    line("");
    for (AndanteRun.Result r : andante) {
      List<String> errors = r.ingest().logErrors();
      if (!errors.isEmpty()) {
        line("**Andante (" + r.backend() + ") logged " + errors.size() + " error lines** during ingest and shutdown; the first: `"
            + errors.get(0).replace('`', '\'') + "`" + (errors.stream().anyMatch(l -> l.contains("OutOfMemoryError"))
                ? " — it ran out of heap, so the figures after ingest (blocks, bytes, lookups of ingested traces) are not valid." : ""));
        line("");
      }
      if (!r.ingest().load().lastFailure().isEmpty()) {
        line("Last failure seen by the load generator (Andante, " + r.backend() + "): `" + r.ingest().load().lastFailure() + "`");
        line("");
      }
    }
    if (zipkin != null && !zipkin.load().lastFailure().isEmpty()) {
      line("Last failure seen by the load generator (Zipkin): `" + zipkin.load().lastFailure() + "`");
      line("");
    }
    line("An Andante ack means the spans are in the write-ahead log (`fsync: " + run.options().fsync()
        + "`); a Zipkin ack (202) means the spans were accepted for its in-memory store. Heap is read from each JVM's "
        + "`-Xlog:gc` over the whole ingest run; Andante shut down (SIGTERM, last block written) in "
        + andante.stream().map(r -> r.ingest().shutdown().toMillis() + " ms (" + r.backend() + ")").reduce((a, b) -> a + ", " + b).orElse("-")
        + ".");
    line("");
  }

  private void storage() {
    line("## Stored bytes per span");
    line("");
    line("| backend | blocks after ingest | spans in blocks | bytes in store | data.parquet | bloom | other (index, meta.json) | bytes/span | data.parquet bytes/span |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (AndanteRun.Result r : andante) {
      AndanteRun.Storage s = r.storage();
      line("| " + r.backend() + " | " + s.blocks() + " | " + s.spans() + " | " + s.usage().totalBytes() + " | "
          + s.usage().parquetBytes() + " | " + s.usage().bloomBytes() + " | " + s.usage().otherBytes() + " | "
          + d1(s.bytesPerSpan()) + " | " + d1(s.parquetBytesPerSpan()) + " |");
    }
    line("");
    line("Every file under the tenant's blocks after Andante's shutdown, divided by the spans the blocks' `meta.json` count. "
        + "The load generator sends a pool of "
        + andante.stream().map(r -> String.valueOf(r.ingest().load().poolSpans())).findFirst().orElse("?")
        + " generated spans round after round with new trace and span IDs and later timestamps ("
        + andante.stream().map(r -> d1(r.ingest().load().sentSpans() / (double) Math.max(1, r.ingest().load().poolSpans())) + " rounds (" + r.backend() + ")")
            .reduce((a, b) -> a + ", " + b).orElse("-")
        + "); names and attribute values repeat between rounds, which may help compression when there are "
        + "more rounds than one. Zipkin's in-memory store has no bytes on disk to compare.");
    line("");
  }

  private void compaction() {
    line("## Compaction");
    line("");
    line("| backend | blocks before | blocks after | spans read | seconds | spans/s |");
    line("|---|---:|---:|---:|---:|---:|");
    for (AndanteRun.Result r : andante) {
      AndanteRun.Compaction c = r.compaction();
      line("| " + r.backend() + " | " + c.blocksBefore() + " | " + c.blocksAfter() + " | " + c.spansRead() + " | "
          + d1(c.seconds()) + " | " + n(c.spansPerSecond()) + " |");
    }
    line("");
    line("Andante's compactor (`dev.andante.compactor.Compactor`, one cycle after another until nothing is left to merge) "
        + "run in the harness JVM over the blocks the ingest left in the store; time as the compactor counts it (reading, merging, writing).");
    line("");
  }

  private void lookups() {
    line("## Trace by ID");
    line("");
    line("| system | backend | blocks | lookup | n | p50 ms | p99 ms | max ms | object GETs/lookup | wrong answers |");
    line("|---|---|---:|---|---:|---:|---:|---:|---:|---:|");
    for (AndanteRun.Result r : andante) {
      for (AndanteRun.Level level : r.levels()) {
        for (Lookups.Result l : level.results()) {
          line("| Andante | " + r.backend() + " | " + level.blocks() + " | " + l.kind() + " | " + l.latency().count() + " | "
              + ms(l.latency().p50()) + " | " + ms(l.latency().p99()) + " | " + ms(l.latency().max()) + " | "
              + (Double.isNaN(l.getsPerLookup()) ? "n/a" : d1(l.getsPerLookup())) + " | " + l.wrong() + " |");
        }
      }
    }
    if (zipkin != null) {
      for (Lookups.Result l : zipkin.lookups()) {
        line("| Zipkin | in-memory | - | " + l.kind() + " | " + l.latency().count() + " | " + ms(l.latency().p50()) + " | "
            + ms(l.latency().p99()) + " | " + ms(l.latency().max()) + " | n/a | " + l.wrong() + " |");
      }
    }
    line("");
    line("One lookup at a time over HTTP (`GET /api/traces/{id}`, Zipkin `GET /api/v2/trace/{id}`), timed to the last byte. "
        + "Blocks are brought to each count by writing blocks of " + run.options().tracesPerSeededBlock()
        + " generated traces with the block builder (five-minute windows going back from an hour ago); then a querier-only "
        + "Andante (`-target=querier`) is started on the store and answers 10 unrecorded missing-ID and 5 found-ID lookups first (Zipkin too). "
        + "Found IDs: half from the last ingested requests, half one per added block. Missing IDs: random 128-bit. "
        + "Hints are the found trace's own `start`/`end` seconds. Object GETs are counted in S3Proxy (whole and ranged); "
        + "the local backend has no counter. A wrong answer is a found ID that did not answer 200 or a missing one that did not answer 404.");
    line("");
  }

  private void ratios() {
    line("## Andante / Zipkin");
    line("");
    line("| backend | spans/s | ack p50 | ack p99 | found lookup p50 | found lookup p99 | missing lookup p50 | missing lookup p99 |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|");
    Lookups.Result zf = zipkin.lookups().get(0);
    Lookups.Result zm = zipkin.lookups().get(1);
    for (AndanteRun.Result r : andante) {
      AndanteRun.Level first = r.levels().get(0);
      Lookups.Result af = first.results().get(0);
      Lookups.Result am = first.results().get(2);
      line("| " + r.backend() + " | " + x(r.ingest().load().spansPerSecond(), zipkin.load().spansPerSecond()) + " | "
          + x(r.ingest().load().ack().p50(), zipkin.load().ack().p50()) + " | " + x(r.ingest().load().ack().p99(), zipkin.load().ack().p99()) + " | "
          + x(af.latency().p50(), zf.latency().p50()) + " | " + x(af.latency().p99(), zf.latency().p99()) + " | "
          + x(am.latency().p50(), zm.latency().p50()) + " | " + x(am.latency().p99(), zm.latency().p99()) + " |");
    }
    line("");
    line("Above 1 is more for Andante: more spans/s is better, more latency is worse. Lookups compared at "
        + andante.get(0).levels().get(0).blocks() + " blocks, no hint. Zipkin answers from a heap-resident map "
        + "and keeps only its newest " + String.format(Locale.ROOT, "%,d", run.options().zipkinMaxSpans())
        + " spans (`MEM_MAX_SPANS`; its default of 500,000 does not fit these spans in 1 GiB); Andante answers from blocks in the object store "
        + "and keeps every span.");
    line("");
  }

  private void aims() {
    line("## Against the aims (issue 7, 2-core machine)");
    line("");
    line("| aim | backend | measured |");
    line("|---|---|---:|");
    for (AndanteRun.Result r : andante) {
      line("| ingest ≥ 200,000 spans/s | " + r.backend() + " | " + n(r.ingest().load().spansPerSecond()) + " |");
      line("| ≤ 40 bytes/span stored | " + r.backend() + " | " + d1(r.storage().bytesPerSpan()) + " |");
      AndanteRun.Level last = r.levels().get(r.levels().size() - 1);
      line("| trace-by-ID p99 ≤ 100 ms, no hint, 1,000 blocks | " + r.backend() + " | " + ms(last.results().get(0).latency().p99())
          + " ms found, " + ms(last.results().get(2).latency().p99()) + " ms missing (at " + last.blocks() + " blocks) |");
    }
    line("");
  }

  private void line(String s) {
    md.append(s).append('\n');
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  static String n(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  static String d1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** {@code a / b} as a ratio, e.g. {@code 1.73×}. */
  static String x(double a, double b) {
    return b == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f×", a / b);
  }
}
