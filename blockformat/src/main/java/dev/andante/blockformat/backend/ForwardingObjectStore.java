package dev.andante.blockformat.backend;

import java.io.InputStream;
import java.util.List;

/**
 * An object store that passes every call to another. Decorators (counting, publishing, fault
 * injection in tests) extend it and override only the calls they change. Every write reaches
 * {@link #write(String, InputStream, long)}: the byte-array and file forms are the interface's
 * defaults, which stream into it.
 */
public abstract class ForwardingObjectStore implements ObjectStore {
  protected final ObjectStore delegate;

  protected ForwardingObjectStore(ObjectStore delegate) {
    if (delegate == null) {
      throw new IllegalArgumentException("delegate must not be null");
    }
    this.delegate = delegate;
  }

  public ObjectStore delegate() {
    return delegate;
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
  public void write(String key, InputStream data, long length) {
    delegate.write(key, data, length);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public void verify() {
    delegate.verify();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
