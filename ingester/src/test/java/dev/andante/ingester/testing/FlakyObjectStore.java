package dev.andante.ingester.testing;

import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.ForwardingObjectStore;
import dev.andante.blockformat.backend.ObjectStore;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/** An object store whose next writes fail, as an unreachable bucket's would, then recover. */
public final class FlakyObjectStore extends ForwardingObjectStore {
  private final AtomicInteger failingWrites = new AtomicInteger();
  private final AtomicInteger failedWrites = new AtomicInteger();

  public FlakyObjectStore(ObjectStore delegate) {
    super(delegate);
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
}
