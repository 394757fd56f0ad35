package dev.andante.compactor.crash;

import dev.andante.blockformat.backend.ObjectStore;
import java.io.InputStream;
import java.util.List;

/** Delays every write and delete, so that a test can kill a compactor between two of them. */
final class SlowObjectStore implements ObjectStore {
  private final ObjectStore delegate;
  private final long millis;

  SlowObjectStore(ObjectStore delegate, long millis) {
    this.delegate = delegate;
    this.millis = millis;
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
    pause();
    delegate.write(key, data, length);
  }

  @Override
  public void delete(String key) {
    pause();
    delegate.delete(key);
  }

  private void pause() {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
