package dev.andante.compactor;

import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.backend.local.LocalObjectStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalCompactorTest extends CompactorContract {
  @TempDir Path bucket;

  @Override
  protected ObjectStore newStore() {
    return new LocalObjectStore(bucket);
  }
}
