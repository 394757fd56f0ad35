package dev.andante.benchmarks.jmh;

import dev.andante.ingester.wal.FsyncPolicy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * As {@link WalAppendBenchmark} with request records, from four threads at once, as concurrent
 * pushes append: under {@code fsync=ALWAYS} appends that arrive while an fsync runs share the next
 * one (group commit). Scores are summed over the threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Threads(4)
public class WalGroupCommitBenchmark {
  @Param({"NEVER", "ALWAYS"})
  public FsyncPolicy fsync;

  /** How many distinct requests are appended in turn, and their size; smaller in the unit test. */
  int requests = WalFixture.REQUESTS;
  int spansPerRequest = WalFixture.SPANS_PER_REQUEST;

  private WalFixture wal;

  @Setup(Level.Trial)
  public void setUp() {
    wal = new WalFixture(fsync, requests, spansPerRequest);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    wal.close();
  }

  @Benchmark
  public int appendRequest(Cursor cursor, SpanCounter counter) {
    int spans = wal.append(cursor.next(wal.records()), false);
    counter.spans += spans;
    return spans;
  }
}
