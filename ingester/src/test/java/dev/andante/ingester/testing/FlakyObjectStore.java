package dev.andante.ingester.testing;

import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.ObjectStore;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An object store whose next writes fail, as an unreachable bucket's would, then recover. */
public final class FlakyObjectStore implements ObjectStore {
  private final ObjectStore delegate;
  private final AtomicInteger failingWrites = new AtomicInteger();
  private final AtomicInteger failedWrites = new AtomicInteger();

  public FlakyObjectStore(ObjectStore delegate) {
    this.delegate = delegate;
  }

  /** The next {@code count} writes fail. */
  public void failNextWrites(int count) {
    failingWrites.set(count);
  }

  public int failedWrites() {
    return failedWrites.get();
  }

  @Override
  public void write(String key, InputStream data, long length) {
    if (failingWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      failedWrites.incrementAndGet();
      throw new BackendException("Cannot write " + key + ": bucket unreachable (test)");
    }
    delegate.write(key, data, length);
  }

  @Override
  public byte[] read(String key) {
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
    return delegate.list(prefix);
  }

  @Override
  public List<String> listFolders(String prefix) {
    return delegate.listFolders(prefix);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }
}
