package dev.andante.blockformat.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.blockformat.backend.BackendContract;
import dev.andante.blockformat.backend.ObjectStore;
import org.junit.jupiter.api.Test;

class MemoryObjectStoreTest extends BackendContract {
  @Override
  protected ObjectStore newStore() {
    return new MemoryObjectStore();
  }

  @Test
  void storesCopiesNotTheCallersArrays() {
    byte[] data = {1, 2, 3};
    store.write("t/k", data);
    data[0] = 9;
    store.read("t/k")[1] = 9;

    assertThat(store.read("t/k")).containsExactly(1, 2, 3);
  }
}
