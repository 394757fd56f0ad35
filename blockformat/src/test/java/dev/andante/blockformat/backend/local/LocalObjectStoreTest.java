package dev.andante.blockformat.backend.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.backend.BackendContract;
import dev.andante.blockformat.backend.BackendException;
import dev.andante.blockformat.backend.ObjectKeys;
import dev.andante.blockformat.backend.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends BackendContract {
  @TempDir Path root;

  @Override
  protected ObjectStore newStore() {
    return new LocalObjectStore(root.resolve("blocks"));
  }

  @Test
  void keysAreFilesUnderTheRoot() throws Exception {
    store.write("t/b/meta.json", "{}".getBytes(UTF_8));

    assertThat(root.resolve("blocks/t/b/meta.json")).hasContent("{}");
    try (LocalObjectStore reopened = new LocalObjectStore(root.resolve("blocks"))) {
      assertThat(reopened.read("t/b/meta.json")).isEqualTo("{}".getBytes(UTF_8));
    }
  }

  @Test
  void leftoverPartialWritesAreNeverListedOrRead() throws Exception {
    store.write("t/b/meta.json", new byte[1]);
    Files.write(root.resolve("blocks/t/b/" + ObjectKeys.RESERVED_SEGMENT_PREFIX + "123"), new byte[5]);
    Files.createDirectories(root.resolve("blocks/t/only-partial"));
    Files.write(root.resolve("blocks/t/only-partial/" + ObjectKeys.RESERVED_SEGMENT_PREFIX + "9"), new byte[5]);

    assertThat(store.list("")).containsExactly("t/b/meta.json");
    assertThat(store.listFolders("t/")).containsExactly("b");
    assertThatThrownBy(() -> store.read("t/b/" + ObjectKeys.RESERVED_SEGMENT_PREFIX + "123"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ObjectKeys.RESERVED_SEGMENT_PREFIX);
  }

  @Test
  void aFailedWriteLeavesNoTempFile() throws Exception {
    assertThatThrownBy(() -> store.write("t/b/x", new java.io.ByteArrayInputStream(new byte[3]), 10))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("the data ended after 3 of 10 bytes");

    try (var files = Files.walk(root.resolve("blocks"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void verifyNamesAnUnwritableRoot() throws Exception {
    Path file = root.resolve("a-file");
    Files.write(file, new byte[1]);

    assertThatThrownBy(() -> new LocalObjectStore(file.resolve("sub")))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("Cannot open local storage")
        .hasMessageContaining("a-file");
    new LocalObjectStore(root.resolve("ok")).verify();
  }
}
