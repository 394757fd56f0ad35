package dev.andante.blockformat.backend;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the calls made to another store, so tests and benchmarks can assert what a lookup costs
 * ("one ranged GET per trace"). Every call is counted when it is made, failed ones included, as an
 * S3 request would be billed; bytes are counted when they arrive. Thread safe.
 */
public final class CountingObjectStore extends ForwardingObjectStore {
  /** A snapshot of the counters. {@link #minus} gives what happened between two snapshots. */
  public record Counts(
      long reads, long rangedReads, long bytesRead, long sizes, long lists, long writes, long bytesWritten,
      long deletes) {
    /** Requests that fetch object content: whole reads plus ranged reads (S3 GETs). */
    public long gets() {
      return reads + rangedReads;
    }

    public Counts minus(Counts earlier) {
      return new Counts(
          reads - earlier.reads, rangedReads - earlier.rangedReads, bytesRead - earlier.bytesRead,
          sizes - earlier.sizes, lists - earlier.lists, writes - earlier.writes,
          bytesWritten - earlier.bytesWritten, deletes - earlier.deletes);
    }
  }

  private final LongAdder reads = new LongAdder();
  private final LongAdder rangedReads = new LongAdder();
  private final LongAdder bytesRead = new LongAdder();
  private final LongAdder sizes = new LongAdder();
  private final LongAdder lists = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder bytesWritten = new LongAdder();
  private final LongAdder deletes = new LongAdder();

  public CountingObjectStore(ObjectStore delegate) {
    super(delegate);
  }

  /** Calls of {@link #read}. */
  public long reads() {
    return reads.sum();
  }

  /** Calls of {@link #readRange}. */
  public long rangedReads() {
    return rangedReads.sum();
  }

  /** {@link #reads()} plus {@link #rangedReads()}: the GETs an S3 backend would send. */
  public long gets() {
    return reads() + rangedReads();
  }

  /** Bytes returned by {@link #read} and {@link #readRange}. */
  public long bytesRead() {
    return bytesRead.sum();
  }

  /** Calls of {@link #size}. */
  public long sizes() {
    return sizes.sum();
  }

  /** Calls of {@link #list} and {@link #listFolders}. */
  public long lists() {
    return lists.sum();
  }

  /** Calls of the {@code write} methods. */
  public long writes() {
    return writes.sum();
  }

  /** Bytes of successful writes. */
  public long bytesWritten() {
    return bytesWritten.sum();
  }

  /** Calls of {@link #delete}. */
  public long deletes() {
    return deletes.sum();
  }

  public Counts counts() {
    return new Counts(reads(), rangedReads(), bytesRead(), sizes(), lists(), writes(), bytesWritten(), deletes());
  }

  /** Sets every counter to zero. Not atomic with respect to concurrent calls. */
  public void reset() {
    for (LongAdder counter : List.of(reads, rangedReads, bytesRead, sizes, lists, writes, bytesWritten, deletes)) {
      counter.reset();
    }
  }

  @Override
  public byte[] read(String key) {
    reads.increment();
    byte[] data = delegate.read(key);
    bytesRead.add(data.length);
    return data;
  }

  @Override
  public byte[] readRange(String key, long offset, int length) {
    rangedReads.increment();
    byte[] data = delegate.readRange(key, offset, length);
    bytesRead.add(data.length);
    return data;
  }

  @Override
  public long size(String key) {
    sizes.increment();
    return delegate.size(key);
  }

  @Override
  public List<String> list(String prefix) {
    lists.increment();
    return delegate.list(prefix);
  }

  @Override
  public List<String> listFolders(String prefix) {
    lists.increment();
    return delegate.listFolders(prefix);
  }

  @Override
  public void write(String key, InputStream data, long length) {
    writes.increment();
    delegate.write(key, data, length);
    bytesWritten.add(length);
  }

  @Override
  public void delete(String key) {
    deletes.increment();
    delegate.delete(key);
  }

  @Override
  public String toString() {
    return "Counting[" + counts() + "]";
  }
}
