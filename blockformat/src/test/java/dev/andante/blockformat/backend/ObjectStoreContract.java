package dev.andante.blockformat.backend;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link ObjectStore} promises. A backend's test extends this and says how to
 * make an empty store; {@link BackendContract} adds the typed layer on top:
 *
 * <pre>{@code
 * class LocalObjectStoreTest extends BackendContract {
 *   @TempDir Path dir;
 *   @Override protected ObjectStore newStore() { return new LocalObjectStore(dir); }
 * }
 * }</pre>
 */
public abstract class ObjectStoreContract {
  private static final String DATA = "single-tenant/3f2c1a9e-0000-4000-8000-000000000001/data.parquet";

  protected ObjectStore store;

  @TempDir protected Path scratch;

  /** A new, empty store. Called before every test; the test closes it. */
  protected abstract ObjectStore newStore();

  /** How many keys {@link #listsManyKeysInOrder} writes; enough to span several list pages. */
  protected int manyKeys() {
    return 1500;
  }

  /** How big the streamed object of {@link #streamsLargeObject} is; above any multipart threshold. */
  protected long largeObjectBytes() {
    return 20L * 1024 * 1024;
  }

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  public void readsWhatWasWritten() {
    store.write("t/b/meta.json", "{\"a\":1}".getBytes(UTF_8));

    assertThat(new String(store.read("t/b/meta.json"), UTF_8)).isEqualTo("{\"a\":1}");
    assertThat(store.size("t/b/meta.json")).isEqualTo(7);
  }

  @Test
  public void storesEmptyObjects() {
    store.write("t/empty", new byte[0]);

    assertThat(store.read("t/empty")).isEmpty();
    assertThat(store.size("t/empty")).isZero();
    assertThat(store.readRange("t/empty", 0, 0)).isEmpty();
    assertThat(store.list("t/")).containsExactly("t/empty");
  }

  @Test
  public void writeReplacesTheObject() {
    store.write("t/k", "first version".getBytes(UTF_8));
    store.write("t/k", "second".getBytes(UTF_8));

    assertThat(new String(store.read("t/k"), UTF_8)).isEqualTo("second");
    assertThat(store.size("t/k")).isEqualTo(6);
    assertThat(store.list("t/")).containsExactly("t/k");
  }

  @Test
  public void writesFromAFile() throws Exception {
    Path file = scratch.resolve("upload");
    Files.write(file, new GeneratedData(3).bytes(0, 100_000));

    store.write("t/from-file", file);

    assertThat(store.read("t/from-file")).isEqualTo(new GeneratedData(3).bytes(0, 100_000));
  }

  @Test
  public void readsRanges() {
    byte[] data = new GeneratedData(1).bytes(0, 10_000);
    store.write(DATA, data);

    assertThat(store.readRange(DATA, 0, 100)).isEqualTo(Arrays.copyOfRange(data, 0, 100));
    assertThat(store.readRange(DATA, 4321, 1234)).isEqualTo(Arrays.copyOfRange(data, 4321, 5555));
    assertThat(store.readRange(DATA, 9_000, 1_000)).as("range ending at the end")
        .isEqualTo(Arrays.copyOfRange(data, 9_000, 10_000));
    assertThat(store.readRange(DATA, 0, 10_000)).isEqualTo(data);
    assertThat(store.readRange(DATA, 10_000, 0)).as("empty range at the end").isEmpty();
  }

  @Test
  public void rangeBeyondTheEndFails() {
    store.write(DATA, new byte[100]);

    assertThatThrownBy(() -> store.readRange(DATA, 90, 11))
        .isInstanceOf(BackendException.class)
        .isNotInstanceOf(NotFoundException.class)
        .hasMessageContaining("Cannot read")
        .hasMessageContaining(DATA);
    assertThatThrownBy(() -> store.readRange(DATA, 200, 10))
        .isInstanceOf(BackendException.class)
        .isNotInstanceOf(NotFoundException.class)
        .hasMessageContaining(DATA);
    assertThatThrownBy(() -> store.readRange(DATA, -1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset");
  }

  @Test
  public void missingObjectsAreNotFoundAndNamed() {
    store.write("t/other", new byte[1]);

    assertThatThrownBy(() -> store.read("t/missing"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Cannot read")
        .hasMessageContaining("t/missing");
    assertThatThrownBy(() -> store.readRange("t/missing", 0, 1))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("t/missing");
    assertThatThrownBy(() -> store.size("t/missing"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("t/missing");
  }

  @Test
  public void aFolderIsNoObject() {
    store.write("t/b/meta.json", new byte[1]);

    assertThatThrownBy(() -> store.read("t/b")).isInstanceOf(NotFoundException.class).hasMessageContaining("t/b");
    assertThatThrownBy(() -> store.size("t/b")).isInstanceOf(NotFoundException.class).hasMessageContaining("t/b");
  }

  @Test
  public void listsByPrefixInLexicalOrder() {
    for (String key : List.of("t2/b/x", "t1/b2/meta.json", "t1/b1/data.parquet", "t1/b1/meta.json", "t1/index.json.gz",
        "t1/b10/meta.json", "t10/a")) {
      store.write(key, key.getBytes(UTF_8));
    }

    assertThat(store.list("")).containsExactly(
        "t1/b1/data.parquet", "t1/b1/meta.json", "t1/b10/meta.json", "t1/b2/meta.json", "t1/index.json.gz", "t10/a",
        "t2/b/x");
    assertThat(store.list("t1/")).containsExactly(
        "t1/b1/data.parquet", "t1/b1/meta.json", "t1/b10/meta.json", "t1/b2/meta.json", "t1/index.json.gz");
    assertThat(store.list("t1/b1/")).containsExactly("t1/b1/data.parquet", "t1/b1/meta.json");
    assertThat(store.list("t1/b1")).as("a prefix may end inside a segment")
        .containsExactly("t1/b1/data.parquet", "t1/b1/meta.json", "t1/b10/meta.json");
    assertThat(store.list("t1")).hasSize(6);
    assertThat(store.list("t3/")).isEmpty();
    assertThat(store.list("t1/b1/meta.json")).containsExactly("t1/b1/meta.json");
  }

  @Test
  public void listsFolders() {
    for (String key : List.of("t1/b1/meta.json", "t1/b1/bloom-0", "t1/b2/meta.json", "t1/index.json.gz",
        "t2/b3/deep/er/x", "top-level-object")) {
      store.write(key, new byte[1]);
    }

    assertThat(store.listFolders("")).containsExactly("t1", "t2");
    assertThat(store.listFolders("t1/")).as("objects directly under the prefix are no folders")
        .containsExactly("b1", "b2");
    assertThat(store.listFolders("t2/")).containsExactly("b3");
    assertThat(store.listFolders("t2/b3/")).containsExactly("deep");
    assertThat(store.listFolders("t1/b1/")).isEmpty();
    assertThat(store.listFolders("missing/")).isEmpty();
    assertThatThrownBy(() -> store.listFolders("t1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix");
  }

  @Test
  public void listsManyKeysInOrder() throws Exception {
    int count = manyKeys();
    List<String> keys = IntStream.range(0, count).mapToObj(i -> String.format("t/many/%05d", i)).toList();
    store.write("t/before", new byte[1]);
    store.write("t/manz", new byte[1]);
    parallel(8, keys.stream().map(key -> (Runnable) () -> store.write(key, new byte[] {1})).toList());

    assertThat(store.list("t/many/")).containsExactlyElementsOf(keys);
    assertThat(store.listFolders("t/")).containsExactly("many");
  }

  @Test
  public void streamsLargeObject() {
    long length = largeObjectBytes();
    GeneratedData data = new GeneratedData(42);

    store.write("t/large", data.stream(length), length);

    assertThat(store.size("t/large")).isEqualTo(length);
    int chunk = 1 << 20;
    for (long offset = 0; offset < length; offset += chunk) {
      int n = (int) Math.min(chunk, length - offset);
      assertThat(store.readRange("t/large", offset, n)).as("bytes at %d", offset).isEqualTo(data.bytes(offset, n));
    }
    assertThat(store.readRange("t/large", length - 8, 8)).isEqualTo(data.bytes(length - 8, 8));
  }

  @Test
  public void aShortStreamWritesNothing() {
    store.write("t/k", "old".getBytes(UTF_8));

    assertThatThrownBy(() -> store.write("t/k", new ByteArrayInputStream(new byte[10]), 20))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("Cannot write")
        .hasMessageContaining("t/k");
    assertThatThrownBy(() -> store.write("t/new", new GeneratedData(1).stream(1000), 2000))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("t/new");

    assertThat(new String(store.read("t/k"), UTF_8)).isEqualTo("old");
    assertThat(store.list("t/")).containsExactly("t/k");
  }

  @Test
  public void deleteRemovesAndIsIdempotent() {
    store.write("t/b/meta.json", new byte[1]);
    store.write("t/b/data.parquet", new byte[1]);

    store.delete("t/b/meta.json");
    store.delete("t/b/meta.json");
    store.delete("t/never-written");

    assertThatThrownBy(() -> store.read("t/b/meta.json")).isInstanceOf(NotFoundException.class);
    assertThat(store.list("")).containsExactly("t/b/data.parquet");
    assertThat(store.listFolders("t/")).containsExactly("b");
  }

  @Test
  public void deletingAFoldersLastObjectRemovesTheFolder() {
    store.write("t/b1/x/y", new byte[1]);
    store.write("t/b2/z", new byte[1]);

    store.delete("t/b1/x/y");

    assertThat(store.listFolders("t/")).containsExactly("b2");
    store.delete("t/b2/z");
    assertThat(store.listFolders("")).isEmpty();
    assertThat(store.list("")).isEmpty();
    store.write("t/b1/again", new byte[1]);
    assertThat(store.list("")).containsExactly("t/b1/again");
  }

  @Test
  public void refusesKeysThatEscapeTheNamespace() {
    for (String key : List.of("../etc/passwd", "t/../../x", "/abs", "t//b", "t/./b", "", "t/b/", "a\\b")) {
      assertThatThrownBy(() -> store.write(key, new byte[1])).as(key)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("key");
      assertThatThrownBy(() -> store.read(key)).as(key).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> store.list("../")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix");
    assertThat(store.list("")).isEmpty();
  }

  @Test
  @Timeout(120)
  public void concurrentWritersOfOneKeyNeverTearIt() throws Exception {
    int size = 256 * 1024;
    store.write("t/contended", filled((byte) 0, size));
    List<Runnable> tasks = new ArrayList<>();
    for (int w = 1; w <= 4; w++) {
      byte value = (byte) w;
      tasks.add(() -> {
        for (int i = 0; i < 5; i++) {
          store.write("t/contended", filled(value, size));
        }
      });
    }
    for (int r = 0; r < 4; r++) {
      tasks.add(() -> {
        for (int i = 0; i < 10; i++) {
          byte[] seen = store.read("t/contended");
          assertThat(seen).hasSize(size);
          byte first = seen[0];
          for (byte b : seen) {
            if (b != first) {
              throw new AssertionError("torn object: saw " + first + " and " + b);
            }
          }
        }
      });
    }
    parallel(8, tasks);

    assertThat(store.list("t/")).containsExactly("t/contended");
  }

  @Test
  @Timeout(120)
  public void concurrentWritersAndDeletersOfDistinctKeys() throws Exception {
    List<Runnable> tasks = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String key = "t/b" + (i % 10) + "/obj-" + i;
      tasks.add(() -> store.write(key, key.getBytes(UTF_8)));
      if (i % 2 == 0) {
        String other = "t/b" + (i % 10) + "/gone-" + i;
        tasks.add(() -> {
          store.write(other, new byte[1]);
          store.delete(other);
        });
      }
    }
    parallel(8, tasks);

    List<String> keys = store.list("t/");
    assertThat(keys).hasSize(200).allMatch(k -> k.contains("/obj-"));
    for (String key : keys) {
      assertThat(new String(store.read(key), UTF_8)).isEqualTo(key);
    }
  }

  protected static byte[] filled(byte value, int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, value);
    return bytes;
  }

  /** Runs the tasks on {@code threads} threads and rethrows the first failure. */
  protected static void parallel(int threads, List<Runnable> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable task : tasks) {
        futures.add(pool.submit(task));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
