package dev.andante.blockformat.testing;

import dev.andante.blockformat.backend.ObjectStore;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Wraps an object store and records every GET (read, readRange) it serves, for tests. */
public final class CountingObjectStore implements ObjectStore {
  /** One GET: {@code length} is -1 for a whole-object read. */
  public record Get(String key, long offset, long length) {}

  private final ObjectStore delegate;
  private final List<Get> gets = new CopyOnWriteArrayList<>();

  public CountingObjectStore(ObjectStore delegate) {
    this.delegate = delegate;
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
  public void write(String key, InputStream data, long length) {
    delegate.write(key, data, length);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
