package dev.andante.compactor;

import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;

class MemoryCompactorTest extends CompactorContract {
  @Override
  protected ObjectStore newStore() {
    return new MemoryObjectStore();
  }
}
