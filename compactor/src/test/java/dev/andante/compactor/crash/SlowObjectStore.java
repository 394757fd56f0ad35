package dev.andante.compactor.crash;

import dev.andante.blockformat.backend.ForwardingObjectStore;
import dev.andante.blockformat.backend.ObjectStore;
import java.io.InputStream;

/** Delays every write and delete, so that a test can kill a compactor between two of them. */
final class SlowObjectStore extends ForwardingObjectStore {
  private final long millis;

  SlowObjectStore(ObjectStore delegate, long millis) {
    super(delegate);
    this.millis = millis;
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
}
