package dev.andante.benchmarks.jmh;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.trace.OtlpJson;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
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
 * The read side of one block: a v1 block of {@link #traces} generated traces (default {@link
 * BlockConfig}) in an in-memory object store, so the figures are CPU, not storage latency. The
 * steps of a trace-by-ID lookup, as far as the public {@link BlockReader} API separates them:
 *
 * <ul>
 *   <li>{@link #findMissing}: a random ID inside the block's ID range that the block does not hold
 *       — the bloom filter answers (a false positive, about 1 in 100, goes on to the row group);
 *   <li>{@link #findPresent}: an ID the block holds — bloom check, row-group choice, reading that
 *       row group's bytes, locating the row through the trace-ID page index, decoding it into a
 *       {@link Trace}; the difference to {@code findMissing} is the cost of reading and
 *       materialising the row;
 *   <li>{@link #findPresentCold}: the same with a new reader each time, which first fetches and
 *       parses the bloom shard and the Parquet footer, as a querier without a reader cache does;
 *   <li>{@link #readAllTraces}: materialising every row of the block, as compaction reads it
 *       ({@code :spans} is spans per second);
 *   <li>{@link #encodeProtobuf} and {@link #encodeJson}: turning a found trace into the querier's
 *       answer (OTLP TracesData bytes, or OTLP JSON with hex IDs).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class BlockLookupBenchmark {
  private static final int SAMPLE = 1024;

  @Param("10000")
  public int traces;

  private Path stagingDir;
  private Backend backend;
  private BlockMeta meta;
  private BlockReader reader;
  private TraceId[] present;
  private TraceId[] missing;
  private Trace[] found;
  private int[] foundSpans;

  @Setup(Level.Trial)
  public void setUp() {
    List<Trace> sorted = Fixtures.sortedTraces(traces);
    stagingDir = Fixtures.tempDir("andante-jmh-staging");
    backend = new Backend(new MemoryObjectStore());
    try (BlockBuilder builder = Encodings.current()
        .newBlock(backend, Fixtures.TENANT, UUID.randomUUID(), 0, sorted.size(), BlockConfig.DEFAULT, stagingDir)) {
      sorted.forEach(builder::add);
      meta = builder.complete();
    }
    reader = Encodings.open(backend, meta);

    Random random = new Random(Fixtures.SEED);
    List<Trace> shuffled = new ArrayList<>(sorted);
    Collections.shuffle(shuffled, random);
    int sample = Math.min(SAMPLE, shuffled.size());
    present = new TraceId[sample];
    found = new Trace[sample];
    foundSpans = new int[sample];
    for (int i = 0; i < sample; i++) {
      present[i] = shuffled.get(i).id();
      found[i] = reader.find(present[i]).orElseThrow(
          () -> new IllegalStateException("Cannot prepare the lookup benchmark: a written trace was not found"));
      foundSpans[i] = found[i].spanCount();
    }

    Set<TraceId> written = new HashSet<>();
    sorted.forEach(trace -> written.add(trace.id()));
    missing = new TraceId[SAMPLE];
    for (int i = 0; i < SAMPLE; ) {
      TraceId id = TraceId.of(random.nextLong(), random.nextLong());
      if (meta.mayContain(id) && !written.contains(id)) {
        missing[i++] = id;
      }
    }
    for (TraceId id : missing) {
      reader.find(id);
    }
    System.out.printf(
        "%nBlock: %d traces, %d spans, %d row groups, %d bloom shards, data.parquet %d bytes%n",
        meta.totalObjects(), meta.spans(), meta.rowGroups(), meta.bloomShards(), meta.size());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    backend.close();
    Fixtures.deleteRecursively(stagingDir);
  }

  @Benchmark
  public Optional<Trace> findMissing(Cursor cursor) {
    return reader.find(missing[cursor.next(missing.length)]);
  }

  @Benchmark
  public Optional<Trace> findPresent(Cursor cursor, SpanCounter counter) {
    int i = cursor.next(present.length);
    counter.spans += foundSpans[i];
    return reader.find(present[i]);
  }

  @Benchmark
  public Optional<Trace> findPresentCold(Cursor cursor, SpanCounter counter) {
    int i = cursor.next(present.length);
    counter.spans += foundSpans[i];
    return Encodings.open(backend, meta).find(present[i]);
  }

  @Benchmark
  public long readAllTraces(SpanCounter counter) {
    long spans = 0;
    try (BlockReader.TraceIterator traces = reader.iterator()) {
      while (traces.hasNext()) {
        spans += traces.next().spanCount();
      }
    }
    counter.spans += spans;
    return spans;
  }

  @Benchmark
  public byte[] encodeProtobuf(Cursor cursor, SpanCounter counter) {
    int i = cursor.next(found.length);
    counter.spans += foundSpans[i];
    return TracesData.newBuilder().addAllResourceSpans(found[i].resourceSpans()).build().toByteArray();
  }

  @Benchmark
  public String encodeJson(Cursor cursor, SpanCounter counter) {
    int i = cursor.next(found.length);
    counter.spans += foundSpans[i];
    return OtlpJson.printBatches(found[i].resourceSpans());
  }
}
