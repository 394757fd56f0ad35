package dev.andante.blockformat.encoding.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.CorruptBlockException;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.encoding.HeapObjectStore;
import dev.andante.blockformat.testing.RecordingObjectStore;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.testing.TraceNormalizer;
import dev.andante.blockformat.trace.Trace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class V1EncodingTest {
  private static final TenantId TENANT = new TenantId("tenant-a");
  /** Small row groups, so that a few hundred traces make several. */
  private static final BlockConfig SMALL_GROUPS = new BlockConfig(0.01, 1024, 64 * 1024);

  @TempDir Path staging;
  private HeapObjectStore heap;
  private RecordingObjectStore store;
  private Backend backend;

  @BeforeEach
  void setUp() {
    heap = new HeapObjectStore();
    store = new RecordingObjectStore(heap);
    backend = new Backend(store);
  }

  private BlockMeta write(List<Trace> traces, BlockConfig config) {
    try (BlockBuilder builder =
        Encodings.current().newBlock(backend, TENANT, UUID.randomUUID(), 0, traces.size(), config, staging)) {
      for (Trace trace : traces) {
        builder.add(trace);
      }
      return builder.complete();
    }
  }

  @Test
  void everyTraceReadsBackAsWritten() {
    List<Trace> traces = new TestTraces(1).sorted(400, 10);
    BlockMeta meta = write(traces, SMALL_GROUPS);

    assertThat(meta.rowGroups()).isGreaterThan(2);
    BlockReader reader = Encodings.open(backend, meta);
    for (Trace trace : traces) {
      Optional<Trace> found = reader.find(trace.id());
      assertThat(found).isPresent();
      assertThat(TraceNormalizer.normalize(found.get())).isEqualTo(TraceNormalizer.normalize(trace));
    }
  }

  @Test
  void iteratorReturnsEveryTraceInOrder() {
    List<Trace> traces = new TestTraces(2).sorted(300, 8);
    BlockMeta meta = write(traces, SMALL_GROUPS);

    List<Trace> read = new ArrayList<>();
    try (BlockReader.TraceIterator it = Encodings.open(backend, meta).iterator()) {
      it.forEachRemaining(read::add);
    }
    assertThat(read).hasSize(traces.size());
    for (int i = 0; i < traces.size(); i++) {
      assertThat(TraceNormalizer.normalize(read.get(i))).isEqualTo(TraceNormalizer.normalize(traces.get(i)));
    }
  }

  @Test
  void metaDescribesTheBlock() {
    List<Trace> traces = new TestTraces(3).sorted(200, 10);
    BlockMeta meta = write(traces, SMALL_GROUPS);

    assertThat(meta.version()).isEqualTo("v1");
    assertThat(meta.tenantId()).isEqualTo(TENANT.value());
    assertThat(meta.minId()).isEqualTo(traces.get(0).id().toHex());
    assertThat(meta.maxId()).isEqualTo(traces.get(traces.size() - 1).id().toHex());
    assertThat(meta.totalObjects()).isEqualTo(200);
    assertThat(meta.spans()).isEqualTo(traces.stream().mapToLong(Trace::spanCount).sum());
    assertThat(meta.size()).isEqualTo(heap.size(BlockKeys.key(TENANT, meta.blockId(), BlockKeys.DATA)));
    assertThat(meta.footerOffset()).isBetween(4L, meta.size() - 8);
    assertThat(meta.bloomShards()).isGreaterThan(0);
    assertThat(heap.list(BlockKeys.blockFolder(TENANT, meta.blockId())))
        .contains(BlockKeys.bloom(TENANT, meta.blockId(), meta.bloomShards() - 1));
    assertThat(meta.startTime()).isAfterOrEqualTo(TestTraces.BASE_TIME);
    assertThat(meta.endTime()).isAfter(meta.startTime());
    assertThat(backend.blockMeta(TENANT, meta.blockId())).contains(meta);
    try (var files = Files.list(staging)) {
      assertThat(files).as("staging files are removed").isEmpty();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void findOnAColdReaderReadsFingerprintsTailAndOneRowGroupThenOnlyTheRowGroup() {
    List<Trace> traces = new TestTraces(4).sorted(400, 10);
    BlockMeta meta = write(traces, SMALL_GROUPS);
    BlockReader reader = Encodings.open(backend, meta);
    store.reset();

    assertThat(reader.find(traces.get(123).id())).isPresent();
    List<RecordingObjectStore.Get> cold = store.gets();
    assertThat(cold).hasSize(3);
    assertThat(cold.get(0).key()).endsWith("/" + BlockKeys.FINGERPRINTS);
    assertThat(cold.get(1)).isEqualTo(new RecordingObjectStore.Get(BlockKeys.key(TENANT, meta.blockId(), BlockKeys.DATA), meta.footerOffset(), meta.size() - meta.footerOffset()));
    assertThat(cold.get(2).key()).endsWith("/data.parquet");
    assertThat(cold.get(2).length()).isLessThan(meta.size() / 2);

    store.reset();
    assertThat(reader.find(traces.get(124).id())).isPresent();
    assertThat(store.gets()).hasSize(1).allSatisfy(get -> assertThat(get.key()).endsWith("/data.parquet"));
  }

  @Test
  void anIdOutsideTheBlocksRangeIsAbsentWithoutAnyGet() {
    List<Trace> traces = new TestTraces(5).sorted(50, 5);
    BlockMeta meta = write(traces, BlockConfig.DEFAULT);
    BlockReader reader = Encodings.open(backend, meta);
    store.reset();

    assertThat(reader.find(TraceId.of(0, 0))).isEmpty();
    assertThat(reader.find(TraceId.of(-1, -1))).isEmpty();
    assertThat(store.gets()).isEmpty();
  }

  @Test
  void anIdInsideTheRangeButAbsentIsEmpty() {
    TestTraces gen = new TestTraces(6);
    List<Trace> traces = gen.sorted(300, 5);
    BlockMeta meta = write(traces, SMALL_GROUPS);
    BlockReader reader = Encodings.open(backend, meta);

    int checked = 0;
    for (int i = 0; i < 1000; i++) {
      TraceId id = gen.randomId();
      if (meta.mayContain(id) && traces.stream().noneMatch(t -> t.id().equals(id))) {
        assertThat(reader.find(id)).isEmpty();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(500);
    // Neighbours of a present ID: same row group, same page.
    TraceId present = traces.get(100).id();
    assertThat(reader.find(TraceId.of(present.high(), present.low() + 1))).isEmpty();
  }

  @Test
  void addingOutOfOrderIsRejected() {
    List<Trace> traces = new TestTraces(7).sorted(3, 2);
    try (BlockBuilder builder = Encodings.current().newBlock(backend, TENANT, UUID.randomUUID(), 0, 3, BlockConfig.DEFAULT, staging)) {
      builder.add(traces.get(1));
      assertThatThrownBy(() -> builder.add(traces.get(0)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Cannot add trace " + traces.get(0).id())
          .hasMessageContaining("must strictly increase");
      assertThatThrownBy(() -> builder.add(traces.get(1))).hasMessageContaining("must strictly increase");
      builder.add(traces.get(2));
      assertThat(builder.traceCount()).isEqualTo(2);
    }
  }

  @Test
  void closingWithoutCompletingLeavesNothing() {
    List<Trace> traces = new TestTraces(8).sorted(10, 3);
    UUID blockId = UUID.randomUUID();
    try (BlockBuilder builder = Encodings.current().newBlock(backend, TENANT, blockId, 0, 10, BlockConfig.DEFAULT, staging)) {
      traces.forEach(builder::add);
    }
    assertThat(heap.list("")).isEmpty();
    try (var files = Files.list(staging)) {
      assertThat(files).isEmpty();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aDeletedBlockReadsAsEmpty() {
    List<Trace> traces = new TestTraces(9).sorted(20, 3);
    BlockMeta meta = write(traces, BlockConfig.DEFAULT);
    BlockReader reader = Encodings.open(backend, meta);
    backend.deleteBlock(TENANT, meta.blockId());

    assertThat(reader.find(traces.get(5).id())).isEmpty();
  }

  @Test
  void corruptDataNamesTheBlock() {
    List<Trace> traces = new TestTraces(10).sorted(20, 3);
    BlockMeta meta = write(traces, BlockConfig.DEFAULT);
    String dataKey = BlockKeys.key(TENANT, meta.blockId(), BlockKeys.DATA);
    byte[] data = heap.read(dataKey);
    for (int i = 4; i < meta.footerOffset(); i++) {
      data[i] ^= 0x5A;
    }
    heap.overwrite(dataKey, data);

    assertThatThrownBy(() -> Encodings.open(backend, meta).find(traces.get(3).id()))
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining(meta.blockId().toString());
  }

  @Test
  void corruptIndexNamesTheBlock() {
    List<Trace> traces = new TestTraces(11).sorted(20, 3);
    BlockMeta meta = write(traces, BlockConfig.DEFAULT);
    heap.overwrite(BlockKeys.key(TENANT, meta.blockId(), BlockKeys.INDEX), new byte[] {1, 2, 3});

    // Lookups take the row groups' ranges from the data file's footer; iterating reads the index.
    assertThat(Encodings.open(backend, meta).find(traces.get(3).id())).isPresent();
    assertThatThrownBy(() -> Encodings.open(backend, meta).iterator().hasNext())
        .isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("index")
        .hasMessageContaining(meta.blockId().toString());
  }

  @Test
  void concurrentLookupsShareOneReader() throws Exception {
    List<Trace> traces = new TestTraces(12).sorted(150, 6);
    BlockMeta meta = write(traces, SMALL_GROUPS);
    BlockReader reader = Encodings.open(backend, meta);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (Trace trace : traces) {
        results.add(pool.submit(() -> TraceNormalizer.normalize(reader.find(trace.id()).orElseThrow()).equals(TraceNormalizer.normalize(trace))));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
