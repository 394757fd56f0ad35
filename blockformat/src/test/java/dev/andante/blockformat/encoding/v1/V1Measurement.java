package dev.andante.blockformat.encoding.v1;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.encoding.HeapObjectStore;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.trace.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A by-hand measurement of v1 writing and lookups (not a test):
 * {@code java -cp <test-classpath> dev.andante.blockformat.encoding.v1.V1Measurement [spans] [spansPerTrace]}.
 */
public final class V1Measurement {
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    int totalSpans = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int spansPerTrace = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int traces = totalSpans / spansPerTrace;
    TestTraces gen = new TestTraces(42);
    TraceId[] ids = new TraceId[traces];
    for (int i = 0; i < traces; i++) {
      ids[i] = gen.randomId();
    }
    Arrays.sort(ids);
    HeapObjectStore heap = new HeapObjectStore();
    Backend backend = new Backend(heap);
    Path staging = Files.createTempDirectory("v1-measure");
    // Warm up the writer's code paths on a small block first.
    write(backend, staging, gen, Arrays.copyOf(ids, Math.min(20_000, traces)), spansPerTrace);
    long[] addNanos = new long[1];
    BlockMeta meta = write(backend, staging, gen, ids, spansPerTrace, addNanos);
    System.out.printf("block: %d traces, %d spans, %d row groups, %d bloom shards, data %d bytes, tail %d bytes%n",
        meta.totalObjects(), meta.spans(), meta.rowGroups(), meta.bloomShards(), meta.size(), meta.size() - meta.footerOffset());
    System.out.printf("write: %.0f spans/s (add+complete, thread CPU time), %.1f bytes/span%n",
        meta.spans() / (addNanos[0] / 1e9), (double) meta.size() / meta.spans());

    String dump = System.getProperty("dump");
    if (dump != null) {
      Files.write(Path.of(dump), heap.read(dev.andante.blockformat.backend.BlockKeys.key(meta.tenant(), meta.blockId(), "data.parquet")));
    }
    if (Boolean.getBoolean("writeOnly")) {
      return;
    }
    SplittableRandom random = new SplittableRandom(7);
    List<TraceId> probes = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      probes.add(ids[random.nextInt(traces)]);
    }
    // Warm up the reading code paths.
    BlockReader warmup = Encodings.open(backend, meta);
    for (TraceId id : probes) {
      warmup.find(id).orElseThrow();
    }
    long cold = 0;
    int coldN = 200;
    for (int i = 0; i < coldN; i++) {
      BlockReader reader = Encodings.open(backend, meta);
      long t0 = CPU.getCurrentThreadCpuTime();
      reader.find(probes.get(i)).orElseThrow();
      cold += CPU.getCurrentThreadCpuTime() - t0;
    }
    BlockReader reader = Encodings.open(backend, meta);
    reader.find(probes.get(0));
    long[] warm = new long[probes.size()];
    for (int i = 0; i < probes.size(); i++) {
      long t0 = CPU.getCurrentThreadCpuTime();
      reader.find(probes.get(i)).orElseThrow();
      warm[i] = CPU.getCurrentThreadCpuTime() - t0;
    }
    Arrays.sort(warm);
    System.out.printf("find cold (in-memory store, thread CPU time): mean %.2f ms%n", cold / 1e6 / coldN);
    System.out.printf("find warm: p50 %.2f ms, p99 %.2f ms, mean %.2f ms%n",
        warm[warm.length / 2] / 1e6, warm[warm.length * 99 / 100] / 1e6, Arrays.stream(warm).average().orElse(0) / 1e6);
    long t0 = CPU.getCurrentThreadCpuTime();
    long n = 0;
    try (BlockReader.TraceIterator it = reader.iterator()) {
      while (it.hasNext()) {
        n += it.next().spanCount();
      }
    }
    System.out.printf("iterate: %.0f spans/s%n", n / ((CPU.getCurrentThreadCpuTime() - t0) / 1e9));
  }

  private static BlockMeta write(Backend backend, Path staging, TestTraces gen, TraceId[] ids, int spansPerTrace) {
    return write(backend, staging, gen, ids, spansPerTrace, new long[1]);
  }

  private static BlockMeta write(Backend backend, Path staging, TestTraces gen, TraceId[] ids, int spansPerTrace, long[] addNanos) {
    try (BlockBuilder builder =
        Encodings.current().newBlock(backend, new TenantId("measure"), UUID.randomUUID(), 0, ids.length, BlockConfig.DEFAULT, staging)) {
      for (TraceId id : ids) {
        Trace trace = gen.trace(id, spansPerTrace);
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
