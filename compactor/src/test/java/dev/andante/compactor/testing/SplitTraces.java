package dev.andante.compactor.testing;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.trace.Trace;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Generated traces cut into parts spread over several blocks, as ingesters produce them: each span
 * goes to a random block, and a share of spans to a second block as well (a replica or a retried
 * push), so the same span ID sits in two blocks.
 *
 * @param whole every trace, whole and without repeated spans
 * @param blocks for each block, its trace parts sorted by trace ID
 * @param spanCopies spans stored, counting repeats
 */
public record SplitTraces(List<Trace> whole, List<List<Trace>> blocks, long spanCopies) {

  public static SplitTraces generate(long seed, int traces, int spansPerTrace, int blockCount, double duplicateShare) {
    TestTraces generator = new TestTraces(seed);
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<Trace> whole = generator.sorted(traces, spansPerTrace);
    List<TreeMap<TraceId, Trace>> blocks = new ArrayList<>();
    for (int b = 0; b < blockCount; b++) {
      blocks.add(new TreeMap<>());
    }
    long copies = 0;
    for (Trace trace : whole) {
      Map<Integer, List<ResourceSpans>> parts = new HashMap<>();
      for (ResourceSpans rs : trace.resourceSpans()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span span : ss.getSpansList()) {
            int b = random.nextInt(blockCount);
            add(parts, b, rs, ss, span);
            copies++;
            if (blockCount > 1 && random.nextDouble() < duplicateShare) {
              add(parts, (b + 1 + random.nextInt(blockCount - 1)) % blockCount, rs, ss, span);
              copies++;
            }
          }
        }
      }
      parts.forEach((b, resourceSpans) -> blocks.get(b).put(trace.id(), new Trace(trace.id(), resourceSpans)));
    }
    List<List<Trace>> out = new ArrayList<>();
    for (TreeMap<TraceId, Trace> block : blocks) {
      if (!block.isEmpty()) {
        out.add(new ArrayList<>(block.values()));
      }
    }
    return new SplitTraces(whole, out, copies);
  }

  public long spans() {
    return whole.stream().mapToLong(Trace::spanCount).sum();
  }

  private static void add(Map<Integer, List<ResourceSpans>> parts, int block, ResourceSpans rs, ScopeSpans ss, Span span) {
    parts.computeIfAbsent(block, b -> new ArrayList<>())
        .add(ResourceSpans.newBuilder()
            .setResource(rs.getResource())
            .setSchemaUrl(rs.getSchemaUrl())
            .addScopeSpans(ScopeSpans.newBuilder().setScope(ss.getScope()).setSchemaUrl(ss.getSchemaUrl()).addSpans(span))
            .build());
  }
}
