package dev.andante.benchmarks.jmh;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Spans handled by a benchmark's thread. JMH reports the field as a secondary result next to the
 * operation rate: {@code <benchmark>:spans} in spans per second under throughput mode.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class SpanCounter {
  public long spans;

  @Setup(Level.Iteration)
  public void reset() {
    spans = 0;
  }
}
