package dev.andante.compactor.merge;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.trace.Trace;
import dev.andante.blockformat.trace.TraceCombiner;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * A k-way merge of trace iterators that each yield traces in increasing trace-ID order: yields each
 * trace ID once, in increasing order, its parts from every source combined by {@link
 * TraceCombiner} (a span ID seen twice is kept once). Holds one trace per source at a time. Closing
 * it closes the sources. Not thread safe.
 */
public final class TraceMergeIterator implements BlockReader.TraceIterator {
  private final List<BlockReader.TraceIterator> sources;
  private final PriorityQueue<Head> heads;
  private long partsRead;
  private long combined;

  public TraceMergeIterator(List<BlockReader.TraceIterator> sources) {
    if (sources == null) {
      throw new IllegalArgumentException("sources must not be null");
    }
    this.sources = List.copyOf(sources);
    this.heads = new PriorityQueue<>(Math.max(1, sources.size()), (a, b) -> a.trace.id().compareTo(b.trace.id()));
    for (BlockReader.TraceIterator source : this.sources) {
      advance(source);
    }
  }

  @Override
  public boolean hasNext() {
    return !heads.isEmpty();
  }

  @Override
  public Trace next() {
    if (heads.isEmpty()) {
      throw new NoSuchElementException("Cannot merge: no trace left");
    }
    TraceId id = heads.peek().trace.id();
    Head first = heads.poll();
    advance(first.source);
    if (heads.isEmpty() || !heads.peek().trace.id().equals(id)) {
      return first.trace;
    }
    List<Trace> parts = new ArrayList<>(4);
    parts.add(first.trace);
    while (!heads.isEmpty() && heads.peek().trace.id().equals(id)) {
      Head head = heads.poll();
      parts.add(head.trace);
      advance(head.source);
    }
    combined++;
    return TraceCombiner.combine(id, parts);
  }

  /** Trace parts read from the sources so far. */
  public long partsRead() {
    return partsRead;
  }

  /** Traces so far that were found in more than one source. */
  public long combined() {
    return combined;
  }

  private void advance(Iterator<Trace> source) {
    if (source.hasNext()) {
      Trace next = source.next();
      partsRead++;
      heads.add(new Head(next, (BlockReader.TraceIterator) source));
    }
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (BlockReader.TraceIterator source : sources) {
      try {
        source.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private record Head(Trace trace, BlockReader.TraceIterator source) {}
}
