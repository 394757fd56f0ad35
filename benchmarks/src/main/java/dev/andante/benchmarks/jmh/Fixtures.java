package dev.andante.benchmarks.jmh;

import dev.andante.benchmarks.generator.RequestBatcher;
import dev.andante.benchmarks.generator.TraceGenerator;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The inputs every JMH benchmark starts from: traces of the online-shop {@link TraceGenerator},
 * seeded so that each fork and each run measures the same data.
 */
final class Fixtures {
  static final long SEED = 20261121L;
  static final TenantId TENANT = new TenantId("jmh");
  static final long START_NANOS = Instant.parse("2026-11-02T10:00:00Z").toEpochMilli() * 1_000_000L;
  /** Start times of consecutive traces are this far apart. */
  static final long TRACE_STEP_NANOS = 2_000_000L;

  private Fixtures() {}

  /**
   * {@code count} export requests of about {@code spansPerRequest} spans each (the batcher closes a
   * request once it reaches the size, so a request may hold a few more), as a Collector's batch
   * processor sends them.
   */
  static List<ExportTraceServiceRequest> requests(int count, int spansPerRequest) {
    if (count < 1 || spansPerRequest < 1) {
      throw new IllegalArgumentException(
          "count and spansPerRequest must be positive, got " + count + " and " + spansPerRequest);
    }
    List<ExportTraceServiceRequest> requests = RequestBatcher.generate(
        new TraceGenerator(SEED), (long) count * spansPerRequest, spansPerRequest, START_NANOS);
    return List.copyOf(requests.subList(0, Math.min(count, requests.size())));
  }

  /** {@code count} traces in trace-ID order, as a block holds them. */
  static List<Trace> sortedTraces(int count) {
    TraceGenerator generator = new TraceGenerator(SEED);
    List<Trace> traces = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      List<ResourceSpans> spans = generator.next(START_NANOS + i * TRACE_STEP_NANOS);
      traces.add(new Trace(TraceId.of(spans.get(0).getScopeSpans(0).getSpans(0).getTraceId().toByteArray()), spans));
    }
    traces.sort(Comparator.comparing(Trace::id));
    return traces;
  }

  static int spans(ExportTraceServiceRequest request) {
    return spans(request.getResourceSpansList());
  }

  static int spans(List<ResourceSpans> resourceSpans) {
    int n = 0;
    for (ResourceSpans rs : resourceSpans) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        n += ss.getSpansCount();
      }
    }
    return n;
  }

  static long totalSpans(List<Trace> traces) {
    long n = 0;
    for (Trace trace : traces) {
      n += trace.spanCount();
    }
    return n;
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary directory: " + e.getMessage(), e);
    }
  }

  /** Deletes {@code dir} and everything under it; a missing directory is fine. */
  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
