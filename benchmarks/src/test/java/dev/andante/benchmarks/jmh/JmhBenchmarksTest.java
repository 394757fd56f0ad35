package dev.andante.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.ingester.wal.FsyncPolicy;
import org.junit.jupiter.api.Test;

/**
 * Runs every JMH benchmark method a few times on small inputs, without JMH, so that a benchmark
 * broken by a change elsewhere fails the build instead of the next measurement.
 */
class JmhBenchmarksTest {

  @Test
  void otlpDecodeBenchmarksDecodeAndSplitEveryRequest() throws Exception {
    OtlpDecodeBenchmark benchmark = new OtlpDecodeBenchmark();
    benchmark.spansPerRequest = 64;
    benchmark.requests = 4;
    benchmark.setUp();
    Cursor cursor = new Cursor();
    SpanCounter counter = new SpanCounter();

    assertThat(benchmark.parseFrom(cursor, counter).getResourceSpansCount()).isPositive();
    assertThat(benchmark.distribute(cursor, counter).acceptedSpans()).isGreaterThanOrEqualTo(64);
    assertThat(benchmark.decodeAndDistribute(cursor, counter).acceptedSpans()).isGreaterThanOrEqualTo(64);
    assertThat(benchmark.decodeJson(cursor, counter).getResourceSpansCount()).isPositive();
    assertThat(counter.spans).isGreaterThanOrEqualTo(4 * 64);
  }

  @Test
  void walBenchmarksAppendAndTruncate() {
    for (FsyncPolicy fsync : FsyncPolicy.values()) {
      for (String record : new String[] {"request", "pieces"}) {
        WalAppendBenchmark benchmark = new WalAppendBenchmark();
        benchmark.fsync = fsync;
        benchmark.record = record;
        benchmark.requests = 4;
        benchmark.spansPerRequest = 32;
        benchmark.setUp();
        try {
          Cursor cursor = new Cursor();
          SpanCounter counter = new SpanCounter();
          // Past 256 appends the log is truncated; without fsync that is quick to reach.
          int appends = fsync == FsyncPolicy.NEVER ? 260 : 3;
          for (int i = 0; i < appends; i++) {
            benchmark.append(cursor, counter);
          }
          assertThat(counter.spans).as("%s %s", fsync, record).isGreaterThanOrEqualTo(appends);
        } finally {
          benchmark.tearDown();
        }
      }
    }
    WalGroupCommitBenchmark concurrent = new WalGroupCommitBenchmark();
    concurrent.fsync = FsyncPolicy.NEVER;
    concurrent.requests = 4;
    concurrent.spansPerRequest = 32;
    concurrent.setUp();
    try {
      assertThat(concurrent.appendRequest(new Cursor(), new SpanCounter())).isPositive();
    } finally {
      concurrent.tearDown();
    }
  }

  @Test
  void blockWriteBenchmarkWritesWholeBlocks() {
    for (String store : new String[] {"memory", "local"}) {
      BlockWriteBenchmark benchmark = new BlockWriteBenchmark();
      benchmark.store = store;
      benchmark.traces = 100;
      benchmark.setUp();
      try {
        SpanCounter counter = new SpanCounter();
        for (int i = 0; i < 2; i++) {
          assertThat(benchmark.writeBlock(counter).totalObjects()).as(store).isEqualTo(100);
          benchmark.deleteBlock();
          assertThat(benchmark.writeBlockFromBytes(counter).totalObjects()).as(store).isEqualTo(100);
          benchmark.deleteBlock();
        }
        assertThat(counter.spans).isGreaterThanOrEqualTo(4 * 100);
      } finally {
        benchmark.tearDown();
      }
    }
  }

  @Test
  void lookupBenchmarksFindWhatWasWrittenAndNothingElse() {
    BlockLookupBenchmark benchmark = new BlockLookupBenchmark();
    benchmark.traces = 100;
    benchmark.setUp();
    try {
      Cursor cursor = new Cursor();
      SpanCounter counter = new SpanCounter();
      assertThat(benchmark.findPresent(cursor, counter)).isPresent();
      assertThat(benchmark.findPresentCold(cursor, counter)).isPresent();
      assertThat(benchmark.readAllTraces(counter)).isPositive();
      assertThat(benchmark.encodeProtobuf(cursor, counter)).isNotEmpty();
      assertThat(benchmark.encodeJson(cursor, counter)).startsWith("{\"batches\":[");
      int missingFound = 0;
      for (int i = 0; i < 100; i++) {
        if (benchmark.findMissing(cursor).isPresent()) {
          missingFound++;
        }
      }
      assertThat(missingFound).isZero();
    } finally {
      benchmark.tearDown();
    }
  }
}
