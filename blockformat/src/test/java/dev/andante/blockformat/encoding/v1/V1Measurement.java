package dev.andante.blockformat.encoding.v1;

import com.google.protobuf.ByteString;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.encoding.HeapObjectStore;
import dev.andante.blockformat.testing.RecordingObjectStore;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;

/**
 * A by-hand measurement of v1 writing and lookups (not a test):
 *
 * <pre>
 * java -cp &lt;test-classpath&gt; dev.andante.blockformat.encoding.v1.V1Measurement [spans] [spansPerTrace]
 * </pre>
 *
 * With {@code -Dsource=demo} traces come from the benchmarks module's OTel-demo-like
 * {@code TraceGenerator} (put its classes on the class path; {@code spansPerTrace} is then ignored),
 * otherwise from {@link TestTraces}; {@code -DrowGroupBytes=N} sets the row-group size. Times are thread CPU time, so that a loaded machine distorts
 * them less. Cold finds use a new reader each (bloom, index, tail and row group all fetched).
 */
public final class V1Measurement {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final BlockConfig CONFIG =
      new BlockConfig(
          BlockConfig.DEFAULT_BLOOM_FALSE_POSITIVE,
          BlockConfig.DEFAULT_BLOOM_SHARD_SIZE_BYTES,
          Long.getLong("rowGroupBytes", BlockConfig.DEFAULT_ROW_GROUP_SIZE_BYTES));

  public static void main(String[] args) throws Exception {
    int totalSpans = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int spansPerTrace = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String source = System.getProperty("source", "test");
    Function<TraceId, Trace> traces = source.equals("demo") ? demoTraces() : testTraces(spansPerTrace);
    int traceCount = source.equals("demo") ? totalSpans / 18 : totalSpans / spansPerTrace;
    SplittableRandom idRandom = new SplittableRandom(42);
    TraceId[] ids = new TraceId[traceCount];
    for (int i = 0; i < traceCount; i++) {
      ids[i] = TraceId.of(idRandom.nextLong() | 1, idRandom.nextLong());
    }
    Arrays.sort(ids);
    HeapObjectStore heap = new HeapObjectStore();
    RecordingObjectStore counting = new RecordingObjectStore(heap);
    Backend backend = new Backend(counting);
    Path staging = Files.createTempDirectory("v1-measure");
    // Warm up the writer's code paths on a small block first.
    write(backend, staging, traces, Arrays.copyOf(ids, Math.min(20_000, traceCount)), new long[1]);
    long[] addNanos = new long[1];
    BlockMeta meta = write(backend, staging, traces, ids, addNanos);
    System.out.printf("source %s: %d traces, %d spans (%.1f spans/trace), %d row groups, %d bloom shards%n",
        source, meta.totalObjects(), meta.spans(), (double) meta.spans() / meta.totalObjects(), meta.rowGroups(), meta.bloomShards());
    System.out.printf("write: %.0f spans/s (add+complete, thread CPU time), data %d bytes = %.1f bytes/span, tail %d bytes%n",
        meta.spans() / (addNanos[0] / 1e9), meta.size(), (double) meta.size() / meta.spans(), meta.size() - meta.footerOffset());

    String dump = System.getProperty("dump");
    if (dump != null) {
      Files.write(Path.of(dump), heap.read(BlockKeys.key(meta.tenant(), meta.blockId(), BlockKeys.DATA)));
    }
    if (Boolean.getBoolean("writeOnly")) {
      return;
    }
    SplittableRandom random = new SplittableRandom(7);
    List<TraceId> probes = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      probes.add(ids[random.nextInt(traceCount)]);
    }
    // Warm up the reading code paths.
    BlockReader warmup = Encodings.open(backend, meta);
    for (TraceId id : probes) {
      warmup.find(id).orElseThrow();
    }
    int coldN = 300;
    long[] cold = new long[coldN];
    counting.reset();
    for (int i = 0; i < coldN; i++) {
      BlockReader reader = Encodings.open(backend, meta);
      long t0 = CPU.getCurrentThreadCpuTime();
      reader.find(probes.get(i)).orElseThrow();
      cold[i] = CPU.getCurrentThreadCpuTime() - t0;
    }
    List<RecordingObjectStore.Get> coldGets = counting.gets();
    BlockReader reader = Encodings.open(backend, meta);
    reader.find(probes.get(0));
    long[] warm = new long[probes.size()];
    counting.reset();
    for (int i = 0; i < probes.size(); i++) {
      long t0 = CPU.getCurrentThreadCpuTime();
      reader.find(probes.get(i)).orElseThrow();
      warm[i] = CPU.getCurrentThreadCpuTime() - t0;
    }
    List<RecordingObjectStore.Get> warmGets = counting.gets();
    System.out.printf("find cold (new reader each; in-memory store): p50 %.2f ms, p99 %.2f ms; %.2f GETs, %.0f bytes per find%n",
        pct(cold, 50), pct(cold, 99), (double) coldGets.size() / coldN, coldGets.stream().mapToLong(RecordingObjectStore.Get::length).sum() / (double) coldN);
    System.out.printf("find warm: p50 %.2f ms, p99 %.2f ms, mean %.2f ms; %.2f GETs, %.0f bytes per find%n",
        pct(warm, 50), pct(warm, 99), Arrays.stream(warm).average().orElse(0) / 1e6,
        (double) warmGets.size() / warm.length, warmGets.stream().mapToLong(RecordingObjectStore.Get::length).sum() / (double) warm.length);
    long t0 = CPU.getCurrentThreadCpuTime();
    long n = 0;
    try (BlockReader.TraceIterator it = reader.iterator()) {
      while (it.hasNext()) {
        n += it.next().spanCount();
      }
    }
    System.out.printf("iterate: %.0f spans/s%n", n / ((CPU.getCurrentThreadCpuTime() - t0) / 1e9));
  }

  private static double pct(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
  }

  private static Function<TraceId, Trace> testTraces(int spansPerTrace) {
    TestTraces gen = new TestTraces(42);
    return id -> gen.trace(id, spansPerTrace);
  }

  /** Traces of the benchmarks' TraceGenerator, given the wanted trace ID. */
  @SuppressWarnings("unchecked")
  private static Function<TraceId, Trace> demoTraces() throws ReflectiveOperationException {
    Class<?> type = Class.forName("dev.andante.benchmarks.generator.TraceGenerator");
    Object generator = type.getConstructor(long.class).newInstance(42L);
    Method next = type.getMethod("next", long.class);
    SplittableRandom times = new SplittableRandom(3);
    long base = TestTraces.BASE_TIME.getEpochSecond() * 1_000_000_000L;
    return id -> {
      try {
        List<ResourceSpans> generated = (List<ResourceSpans>) next.invoke(generator, base + times.nextLong(3_600_000_000_000L));
        return new Trace(id, withTraceId(generated, ByteString.copyFrom(id.bytes())));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private static List<ResourceSpans> withTraceId(List<ResourceSpans> generated, ByteString id) {
    List<ResourceSpans> out = new ArrayList<>(generated.size());
    for (ResourceSpans rs : generated) {
      ResourceSpans.Builder b = rs.toBuilder();
      for (ScopeSpans.Builder ss : b.getScopeSpansBuilderList()) {
        for (Span.Builder span : ss.getSpansBuilderList()) {
          span.setTraceId(id);
        }
      }
      out.add(b.build());
    }
    return out;
  }

  private static BlockMeta write(Backend backend, Path staging, Function<TraceId, Trace> traces, TraceId[] ids, long[] addNanos) {
    try (BlockBuilder builder =
        Encodings.current().newBlock(backend, new TenantId("measure"), UUID.randomUUID(), 0, ids.length, CONFIG, staging)) {
      for (TraceId id : ids) {
        Trace trace = traces.apply(id);
        long t0 = CPU.getCurrentThreadCpuTime();
        builder.add(trace);
        addNanos[0] += CPU.getCurrentThreadCpuTime() - t0;
      }
      long t0 = CPU.getCurrentThreadCpuTime();
      BlockMeta meta = builder.complete();
      addNanos[0] += CPU.getCurrentThreadCpuTime() - t0;
      return meta;
    }
  }
}
