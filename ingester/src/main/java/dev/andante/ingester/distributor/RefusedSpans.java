package dev.andante.ingester.distributor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Counts refused spans per problem, in the order problems were first seen. Not thread safe. */
final class RefusedSpans {
  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private int total;

  void add(String problem) {
    add(problem, 1);
  }

  void add(String problem, int spans) {
    counts.merge(problem, spans, Integer::sum);
    total += spans;
  }

  Map<String, Integer> counts() {
    return counts;
  }

  int total() {
    return total;
  }

  /** For example "3 spans refused: trace_id must be 16 bytes, got 8; 1 span refused: ...". */
  String message() {
    return counts.entrySet().stream()
        .map(e -> e.getValue() + (e.getValue() == 1 ? " span" : " spans") + " refused: " + e.getKey())
        .collect(Collectors.joining("; "));
  }
}
