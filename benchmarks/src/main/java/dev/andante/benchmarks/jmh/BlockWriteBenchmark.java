package dev.andante.benchmarks.jmh;

import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.backend.local.LocalObjectStore;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.nio.file.Path;
import java.util.List;
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
 * Writing one block with the current encoding (v1: Parquet rows, bloom shards, index, meta.json) of
 * {@link #traces} generated traces, already sorted by trace ID as the ingester hands them over,
 * onto an in-memory or a local-disk object store, with the default {@link BlockConfig}. One
 * operation is one whole block, staging and upload included; {@code :spans} is spans per second.
 * Bytes per span (the block's data, bloom and index objects over its spans) is printed at the end
 * of the trial; it does not depend on the timing. {@code writeBlock} adds decoded traces (what the
 * compactor does), {@code writeBlockFromBytes} the same traces as protobuf bytes (what the ingester's
 * flush does for a trace held as one piece); both write the same block.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class BlockWriteBenchmark {
  @Param({"memory", "local"})
  public String store;

  @Param("5000")
  public int traces;

  private List<Trace> sorted;
  /** The same traces as protobuf TracesData bytes, the form the ingester holds live traces in. */
  private List<byte[]> encoded;
  private long spans;
  private Path stagingDir;
  private Path storeDir;
  private Backend backend;
  private BlockMeta last;
  private long storedBytes;

  @Setup(Level.Trial)
  public void setUp() {
    sorted = Fixtures.sortedTraces(traces);
    encoded = sorted.stream().map(t -> TracesData.newBuilder().addAllResourceSpans(t.resourceSpans()).build().toByteArray()).toList();
    spans = Fixtures.totalSpans(sorted);
    stagingDir = Fixtures.tempDir("andante-jmh-staging");
    storeDir = Fixtures.tempDir("andante-jmh-store");
    ObjectStore objects = store.equals("local") ? new LocalObjectStore(storeDir) : new MemoryObjectStore();
    backend = new Backend(objects);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (last != null) {
      System.out.printf(
          "%nBlock: %d traces, %d spans (%.1f a trace), %d row groups, %d bloom shards; data.parquet %d bytes"
              + " = %.1f bytes/span; all objects %d bytes = %.1f bytes/span%n",
          last.totalObjects(), spans, (double) spans / traces, last.rowGroups(), last.bloomShards(),
          last.size(), (double) last.size() / spans, storedBytes, (double) storedBytes / spans);
    }
    backend.close();
    Fixtures.deleteRecursively(stagingDir);
    Fixtures.deleteRecursively(storeDir);
  }

  /** The block written last is deleted before the next, so the store holds at most one. */
  @TearDown(Level.Invocation)
  public void deleteBlock() {
    if (last != null) {
      String folder = BlockKeys.blockFolder(last.tenant(), last.blockId());
      storedBytes = backend.store().list(folder).stream().mapToLong(backend.store()::size).sum();
      backend.deleteBlock(last.tenant(), last.blockId());
    }
  }

  /** What a block of {@code traces} generated traces takes on a store. */
  record Footprint(long traces, long spans, int rowGroups, int bloomShards, long dataBytes, long storedBytes) {
    double dataBytesPerSpan() {
      return (double) dataBytes / spans;
    }

    double storedBytesPerSpan() {
      return (double) storedBytes / spans;
    }
  }

  /** Writes one block of the benchmark's traces to memory and measures it (no timing involved). */
  static Footprint footprint(int traces) {
    BlockWriteBenchmark benchmark = new BlockWriteBenchmark();
    benchmark.store = "memory";
    benchmark.traces = traces;
    benchmark.setUp();
    try {
      benchmark.writeBlock(new SpanCounter());
      benchmark.deleteBlock();
      BlockMeta meta = benchmark.last;
      return new Footprint(
          meta.totalObjects(), benchmark.spans, meta.rowGroups(), meta.bloomShards(), meta.size(), benchmark.storedBytes);
    } finally {
      benchmark.last = null;
      benchmark.tearDown();
    }
  }

  @Benchmark
  public BlockMeta writeBlock(SpanCounter counter) {
    try (BlockBuilder builder = Encodings.current()
        .newBlock(backend, Fixtures.TENANT, UUID.randomUUID(), 0, sorted.size(), BlockConfig.DEFAULT, stagingDir)) {
      for (Trace trace : sorted) {
        builder.add(trace);
      }
      last = builder.complete();
    }
    counter.spans += spans;
    return last;
  }

  @Benchmark
  public BlockMeta writeBlockFromBytes(SpanCounter counter) {
    try (BlockBuilder builder = Encodings.current()
        .newBlock(backend, Fixtures.TENANT, UUID.randomUUID(), 0, sorted.size(), BlockConfig.DEFAULT, stagingDir)) {
      for (int i = 0; i < encoded.size(); i++) {
        builder.add(sorted.get(i).id(), encoded.get(i));
      }
      last = builder.complete();
    }
    counter.spans += spans;
    return last;
  }
}
