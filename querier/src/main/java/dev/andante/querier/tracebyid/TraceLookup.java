package dev.andante.querier.tracebyid;

import dev.andante.blockformat.trace.Trace;
import java.util.Optional;

/**
 * The outcome of one trace-by-ID lookup.
 *
 * @param trace the combined trace, or empty when no source held any of it
 * @param blocksRead blocks asked for the trace (after pruning by time range and ID range)
 * @param blockFailures blocks that could not be read
 * @param recentFailures 1 when the recent-trace source failed, else 0
 */
public record TraceLookup(Optional<Trace> trace, int blocksRead, int blockFailures, int recentFailures) {
  public TraceLookup {
    if (trace == null) {
      throw new IllegalArgumentException("trace must not be null");
    }
  }

  /** Whether a source failed, so that the trace may lack spans. */
  public boolean partial() {
    return blockFailures + recentFailures > 0;
  }
}
