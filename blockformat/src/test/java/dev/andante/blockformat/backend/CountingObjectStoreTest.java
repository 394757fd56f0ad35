package dev.andante.blockformat.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import org.junit.jupiter.api.Test;

class CountingObjectStoreTest extends ObjectStoreContract {
  @Override
  protected ObjectStore newStore() {
    return new CountingObjectStore(new MemoryObjectStore());
  }

  @Test
  void countsEveryKindOfCall() {
    CountingObjectStore counting = (CountingObjectStore) store;
    counting.write("t/a", new byte[100]);
    counting.write("t/b", new GeneratedData(1).stream(50), 50);
    CountingObjectStore.Counts afterWrites = counting.counts();

    counting.read("t/a");
    counting.readRange("t/b", 10, 20);
    counting.readRange("t/b", 0, 5);
    counting.size("t/a");
    counting.list("t/");
    counting.listFolders("");
    counting.delete("t/a");
    assertThatThrownBy(() -> counting.read("t/a")).isInstanceOf(NotFoundException.class).hasMessageContaining("t/a");

    CountingObjectStore.Counts lookup = counting.counts().minus(afterWrites);
    assertThat(lookup).isEqualTo(new CountingObjectStore.Counts(2, 2, 125, 1, 2, 0, 0, 1));
    assertThat(lookup.gets()).isEqualTo(4);
    assertThat(counting.writes()).isEqualTo(2);
    assertThat(counting.bytesWritten()).isEqualTo(150);
    assertThat(counting.gets()).isEqualTo(4);

    counting.reset();
    assertThat(counting.counts()).isEqualTo(new CountingObjectStore.Counts(0, 0, 0, 0, 0, 0, 0, 0));
  }
}
