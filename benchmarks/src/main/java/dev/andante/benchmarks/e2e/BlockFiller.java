package dev.andante.benchmarks.e2e;

import dev.andante.benchmarks.generator.TraceGenerator;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Adds blocks to a store with the block builder, as an ingester would have cut them, so lookups
 * can be measured at 10, 100 and 1,000 blocks without ingesting for hours. Block {@code k} holds
 * the traces of the five minutes ending {@code k * 5 min} before {@code newestEnd}. Keeps one trace
 * of each block to look up. Not thread safe.
 */
final class BlockFiller {
  static final Duration WINDOW = Duration.ofMinutes(5);

  private final Backend backend;
  private final TenantId tenant;
  private final TraceGenerator generator;
  private final int tracesPerBlock;
  private final Instant newestEnd;
  private final Path staging;
  private final Random random;
  private final List<RequestPool.TraceRef> samples = new ArrayList<>();
  private int written;
  private long spans;
  private long nanos;

  BlockFiller(Backend backend, TenantId tenant, long seed, int tracesPerBlock, Instant newestEnd, Path staging) {
    if (tracesPerBlock < 1) {
      throw new IllegalArgumentException("tracesPerBlock must be positive, got " + tracesPerBlock);
    }
    this.backend = backend;
    this.tenant = tenant;
    this.generator = new TraceGenerator(seed);
    this.random = new Random(seed);
    this.tracesPerBlock = tracesPerBlock;
    this.newestEnd = newestEnd;
    this.staging = staging;
  }

  /** Writes {@code count} more blocks. */
  void write(int count) {
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      writeBlock();
      nanos += System.nanoTime() - t0;
    }
  }

  int written() {
    return written;
  }

  long spans() {
    return spans;
  }

  /** Time spent writing blocks, generation of traces included. */
  Duration elapsed() {
    return Duration.ofNanos(nanos);
  }

  /** One trace of every block written, with its time range. */
  List<RequestPool.TraceRef> samples() {
    return samples;
  }

  private void writeBlock() {
    Instant end = newestEnd.minus(WINDOW.multipliedBy(written));
    long startNanos = end.minus(WINDOW).toEpochMilli() * 1_000_000L;
    long step = WINDOW.toNanos() / 2 / tracesPerBlock; // traces start in the first half, so they end in the window
    List<Trace> traces = new ArrayList<>(tracesPerBlock);
    for (int i = 0; i < tracesPerBlock; i++) {
      List<ResourceSpans> trace = generator.next(startNanos + i * step);
      traces.add(new Trace(TraceId.of(firstSpan(trace).getTraceId().toByteArray()), trace));
    }
    traces.sort(Comparator.comparing(Trace::id));
    UUID blockId = UUID.randomUUID();
    try (BlockBuilder builder = Encodings.current().newBlock(backend, tenant, blockId, 0, traces.size(), BlockConfig.DEFAULT, staging)) {
      traces.forEach(builder::add);
      spans += builder.complete().spans();
    }
    samples.add(ref(traces.get(random.nextInt(traces.size()))));
    written++;
  }

  private static RequestPool.TraceRef ref(Trace trace) {
    long start = Long.MAX_VALUE;
    long end = 0;
    for (ResourceSpans rs : trace.resourceSpans()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          start = Math.min(start, span.getStartTimeUnixNano());
          end = Math.max(end, span.getEndTimeUnixNano());
        }
      }
    }
    return new RequestPool.TraceRef(trace.id().toHex(), start, end);
  }

  private static Span firstSpan(List<ResourceSpans> trace) {
    return trace.get(0).getScopeSpans(0).getSpans(0);
  }
}
