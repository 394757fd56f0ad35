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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ingester's write-ahead log on a temporary directory, one thread, one record per push of a
 * request of about 512 spans (see {@link WalFixture}). {@code record=request} logs the request's
 * protobuf bytes as received (the ingester's path for protobuf pushes); {@code record=pieces}
 * encodes the distributor's per-trace pieces (its path for OTLP JSON and forwarded pushes). Under
 * {@code fsync=ALWAYS} every append waits for its fsync. One operation is one append; {@code
 * :spans} is spans per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class WalAppendBenchmark {
  @Param({"NEVER", "ALWAYS"})
  public FsyncPolicy fsync;

  @Param({"request", "pieces"})
  public String record;

  /** How many distinct requests are appended in turn, and their size; smaller in the unit test. */
  int requests = WalFixture.REQUESTS;
  int spansPerRequest = WalFixture.SPANS_PER_REQUEST;

  private WalFixture wal;

  @Setup(Level.Trial)
  public void setUp() {
    wal = new WalFixture(fsync, requests, spansPerRequest);
    System.out.printf("%nWAL record: %.0f bytes per request record on average%n", wal.meanRequestBytes());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    wal.close();
  }

  @Benchmark
  public int append(Cursor cursor, SpanCounter counter) {
    int spans = wal.append(cursor.next(wal.records()), record.equals("pieces"));
    counter.spans += spans;
    return spans;
  }
}
