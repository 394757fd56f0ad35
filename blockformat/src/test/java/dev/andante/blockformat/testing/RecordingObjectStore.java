package dev.andante.blockformat.testing;

import dev.andante.blockformat.backend.ForwardingObjectStore;
import dev.andante.blockformat.backend.ObjectStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps an object store and records every GET (read, readRange) it serves, key and range, so a test
 * can say which objects a lookup touched. For totals only, use the backend's CountingObjectStore.
 */
public final class RecordingObjectStore extends ForwardingObjectStore {
  /** One GET: {@code length} is -1 for a whole-object read. */
  public record Get(String key, long offset, long length) {}

  private final List<Get> gets = new CopyOnWriteArrayList<>();

  public RecordingObjectStore(ObjectStore delegate) {
    super(delegate);
  }

  /** The GETs since the last {@link #reset()}. */
  public List<Get> gets() {
    return List.copyOf(gets);
  }

  public void reset() {
    gets.clear();
  }

  @Override
  public byte[] read(String key) {
    gets.add(new Get(key, 0, -1));
    return delegate.read(key);
  }

  @Override
  public byte[] readRange(String key, long offset, int length) {
    gets.add(new Get(key, offset, length));
    return delegate.readRange(key, offset, length);
  }
}
