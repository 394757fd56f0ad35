package dev.andante.benchmarks.jmh;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Which of a benchmark's prepared inputs a thread takes next: round robin, per thread. */
@State(Scope.Thread)
public class Cursor {
  private int next;

  /** The next index below {@code size}. */
  public int next(int size) {
    int at = next;
    next = at + 1 >= size ? 0 : at + 1;
    return at;
  }
}
