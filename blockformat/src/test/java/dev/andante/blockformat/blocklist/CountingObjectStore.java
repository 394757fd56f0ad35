package dev.andante.blockformat.blocklist;

import dev.andante.blockformat.backend.ObjectStore;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Passes every call to a real store and counts lists and whole-object reads. */
final class CountingObjectStore implements ObjectStore {
  final AtomicInteger lists = new AtomicInteger();
  final AtomicInteger reads = new AtomicInteger();
  private final ObjectStore delegate;

  CountingObjectStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  void reset() {
    lists.set(0);
    reads.set(0);
  }

  @Override
  public byte[] read(String key) {
    reads.incrementAndGet();
    return delegate.read(key);
  }

  @Override
  public byte[] readRange(String key, long offset, int length) {
    return delegate.readRange(key, offset, length);
  }

  @Override
  public long size(String key) {
    return delegate.size(key);
  }

  @Override
  public List<String> list(String prefix) {
    lists.incrementAndGet();
    return delegate.list(prefix);
  }

  @Override
  public List<String> listFolders(String prefix) {
    lists.incrementAndGet();
    return delegate.listFolders(prefix);
  }

  @Override
  public void write(String key, InputStream data, long length) {
    delegate.write(key, data, length);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }
}
