package dev.andante.benchmarks.s3;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.BlockMeta;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** The trace IDs one measurement looks up, by kind, drawn from a seeded random. */
record LookupSample(List<Query> queries) {
  enum Kind {
    FOUND("found"),
    MISSING_IN_RANGE("missing, in range"),
    MISSING_OUT_OF_RANGE("missing, out of range");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  record Query(Kind kind, TraceId id) {}

  /** The first {@code n} lookups: a smaller sample with about the same mix of kinds. */
  LookupSample first(int n) {
    return new LookupSample(queries.subList(0, Math.min(n, queries.size())));
  }

  /**
   * {@code found} IDs sampled from {@code written}; {@code inRange} random 128-bit IDs never
   * written (they fall inside nearly every block's ID range, so only the bloom filter rules them
   * out); {@code outOfRange} 64-bit IDs left-padded with zeros, as older clients send, which lie
   * below every block's minimum. Shuffled, so that kinds interleave.
   */
  static LookupSample draw(
      Random random, BlockSeeder seeder, List<BlockMeta> metas, int found, int inRange, int outOfRange) {
    List<TraceId> written = seeder.ids();
    List<Query> queries = new ArrayList<>();
    for (int i = 0; i < found; i++) {
      queries.add(new Query(Kind.FOUND, written.get(random.nextInt(written.size()))));
    }
    for (int i = 0; i < inRange; ) {
      TraceId id = TraceId.of(random.nextLong(), random.nextLong());
      if (seeder.spans(id) == 0 && !id.isZero()) {
        queries.add(new Query(Kind.MISSING_IN_RANGE, id));
        i++;
      }
    }
    for (int i = 0; i < outOfRange; ) {
      TraceId id = TraceId.of(0, random.nextLong());
      if (!id.isZero() && metas.stream().noneMatch(m -> m.mayContain(id))) {
        queries.add(new Query(Kind.MISSING_OUT_OF_RANGE, id));
        i++;
      }
    }
    Collections.shuffle(queries, random);
    return new LookupSample(List.copyOf(queries));
  }
}
