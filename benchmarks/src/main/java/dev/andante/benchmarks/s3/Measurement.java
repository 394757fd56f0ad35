package dev.andante.benchmarks.s3;

import dev.andante.benchmarks.s3.LookupSample.Kind;
import dev.andante.benchmarks.s3.LookupSample.Query;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.CountingObjectStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link LookupSample} against one tenant and records, per lookup, the GETs and bytes that
 * reached the object store and the wall-clock latency. Cold: fresh readers for every lookup, so
 * each one fetches the blooms, index and Parquet tail it needs. Warm: one set of readers, first
 * run over the whole sample unrecorded so that every bloom shard, index and tail the sample touches
 * is cached; what remains is the row-group read of each found trace.
 */
final class Measurement {
  enum Cache {
    COLD,
    WARM
  }

  /** One line of the results table. */
  record Row(
      String backend, int blocks, Cache cache, Kind kind, Distribution gets, Distribution bytes,
      Distribution micros, double candidates) {}

  private final String backendName;
  private final Backend backend;
  private final CountingObjectStore counter;
  private final BlockSeeder seeder;

  Measurement(String backendName, Backend backend, CountingObjectStore counter, BlockSeeder seeder) {
    this.backendName = backendName;
    this.backend = backend;
    this.counter = counter;
    this.seeder = seeder;
  }

  List<Row> run(List<BlockMeta> metas, LookupSample sample, Cache cache) {
    Map<Kind, List<long[]>> byKind = new EnumMap<>(Kind.class);
    TenantLookup warm = null;
    if (cache == Cache.WARM) {
      warm = TenantLookup.reusing(backend, metas);
      for (Query query : sample.queries()) {
        check(query, warm.find(query.id()));
      }
    }
    for (Query query : sample.queries()) {
      CountingObjectStore.Counts before = counter.counts();
      long start = System.nanoTime();
      TenantLookup.Result result =
          warm == null ? TenantLookup.findCold(backend, metas, query.id()) : warm.find(query.id());
      long micros = (System.nanoTime() - start) / 1_000;
      CountingObjectStore.Counts spent = counter.counts().minus(before);
      check(query, result);
      byKind.computeIfAbsent(query.kind(), k -> new ArrayList<>())
          .add(new long[] {spent.gets(), spent.bytesRead(), micros, result.candidates()});
    }
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<Kind, List<long[]>> e : byKind.entrySet()) {
      rows.add(row(metas.size(), cache, e.getKey(), e.getValue()));
    }
    return rows;
  }

  private Row row(int blocks, Cache cache, Kind kind, List<long[]> samples) {
    long[][] columns = new long[4][samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      for (int c = 0; c < 4; c++) {
        columns[c][i] = samples.get(i)[c];
      }
    }
    return new Row(
        backendName, blocks, cache, kind, Distribution.of(columns[0]), Distribution.of(columns[1]),
        Distribution.of(columns[2]), Distribution.of(columns[3]).mean());
  }

  /** A benchmark that returns wrong answers measures nothing: stop at the first one. */
  private void check(Query query, TenantLookup.Result result) {
    int expected = query.kind() == Kind.FOUND ? seeder.spans(query.id()) : 0;
    if (result.spans() != expected) {
      throw new IllegalStateException(
          "Cannot trust the run: lookup of " + query.id() + " (" + query.kind().label + ") returned "
              + result.spans() + " spans, expected " + expected + " (" + backendName + ")");
    }
  }
}
