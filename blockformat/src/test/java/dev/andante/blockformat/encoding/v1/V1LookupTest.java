package dev.andante.blockformat.encoding.v1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.encoding.BlockBuilder;
import dev.andante.blockformat.encoding.BlockCache;
import dev.andante.blockformat.encoding.BlockConfig;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.encoding.HeapObjectStore;
import dev.andante.blockformat.testing.RecordingObjectStore;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.testing.TraceNormalizer;
import dev.andante.blockformat.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookups through readers that share a {@link BlockCache}, as a querier's do. */
class V1LookupTest {
  private static final TenantId TENANT = new TenantId("tenant-a");
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

  private BlockMeta write(List<Trace> traces) {
    try (BlockBuilder builder =
        Encodings.current().newBlock(backend, TENANT, UUID.randomUUID(), 0, traces.size(), SMALL_GROUPS, staging)) {
      traces.forEach(builder::add);
      return builder.complete();
    }
  }

  private static Set<TraceId> idsOf(List<Trace> traces) {
    Set<TraceId> ids = new HashSet<>();
    traces.forEach(t -> ids.add(t.id()));
    return ids;
  }

  @Test
  void warmReadersReadOnlyTheRowGroupOfAFoundTraceAndNothingForAMissingOne() {
    BlockCache cache = BlockCache.unbounded();
    List<List<Trace>> blocks = new ArrayList<>();
    List<BlockMeta> metas = new ArrayList<>();
    for (int b = 0; b < 5; b++) {
      blocks.add(new TestTraces(100 + b).sorted(200, 4));
      metas.add(write(blocks.get(b)));
    }
    List<BlockReader> readers = metas.stream().map(m -> Encodings.open(backend, m, cache)).toList();
    TestTraces gen = new TestTraces(7);
    for (BlockReader reader : readers) {
      reader.find(gen.randomId()); // loads the fingerprints
    }
    store.reset();

    for (int i = 0; i < 200; i++) {
      TraceId missing = gen.randomId();
      for (BlockReader reader : readers) {
        assertThat(reader.find(missing)).isEmpty();
      }
    }
    assertThat(store.gets()).isEmpty();

    Trace wanted = blocks.get(3).get(77);
    assertThat(readers.get(3).find(wanted.id())).isPresent(); // first time: tail and row group
    store.reset();
    Trace neighbour = blocks.get(3).get(78);
    assertThat(TraceNormalizer.normalize(readers.get(3).find(neighbour.id()).orElseThrow()))
        .isEqualTo(TraceNormalizer.normalize(neighbour));
    assertThat(store.gets()).hasSize(1).allSatisfy(get -> assertThat(get.key()).endsWith("/data.parquet"));
  }

  @Test
  void preparedReadersFindWithoutReadingFingerprintsOrBlooms() {
    BlockCache cache = BlockCache.unbounded();
    List<Trace> traces = new TestTraces(30).sorted(200, 3);
    BlockMeta current = write(traces);
    BlockMeta old = write(new TestTraces(31).sorted(200, 3));
    heap.delete(BlockKeys.key(TENANT, old.blockId(), BlockKeys.FINGERPRINTS));
    store.reset();

    Encodings.open(backend, current, cache).prepare();
    Encodings.open(backend, old, cache).prepare();
    assertThat(store.gets()).extracting(RecordingObjectStore.Get::key)
        .anySatisfy(key -> assertThat(key).endsWith(current.blockId() + "/" + BlockKeys.FINGERPRINTS))
        .anySatisfy(key -> assertThat(key).endsWith(old.blockId() + "/bloom-0"));
    store.reset();

    TestTraces gen = new TestTraces(32);
    for (int i = 0; i < 20; i++) {
      TraceId missing = gen.randomId();
      assertThat(Encodings.open(backend, current, cache).find(missing)).isEmpty();
    }
    assertThat(Encodings.open(backend, current, cache).find(traces.get(9).id())).isPresent();
    assertThat(store.gets()).extracting(RecordingObjectStore.Get::key).allSatisfy(key -> assertThat(key).endsWith("/data.parquet"));
  }

  @Test
  void aBlockWithoutFingerprintsIsReadWithItsBloomShards() {
    List<Trace> traces = new TestTraces(21).sorted(300, 4);
    BlockMeta meta = write(traces);
    heap.delete(BlockKeys.key(TENANT, meta.blockId(), BlockKeys.FINGERPRINTS)); // as written before they existed
    BlockReader reader = Encodings.open(backend, meta, BlockCache.unbounded());
    store.reset();

    assertThat(reader.find(traces.get(10).id())).isPresent();
    assertThat(store.gets()).extracting(RecordingObjectStore.Get::key)
        .anySatisfy(key -> assertThat(key).endsWith("/" + BlockKeys.FINGERPRINTS))
        .anySatisfy(key -> assertThat(key).contains("/bloom-"));
    store.reset();
    for (Trace trace : traces) {
      assertThat(reader.find(trace.id())).isPresent();
    }
    assertThat(store.gets()).extracting(RecordingObjectStore.Get::key)
        .noneSatisfy(key -> assertThat(key).endsWith("/" + BlockKeys.FINGERPRINTS)); // the absence is kept
  }

  @Test
  void anIdWhoseFingerprintCollidesIsReadAndFoundAbsent() {
    List<Trace> traces = new TestTraces(22).sorted(2_000, 2);
    BlockMeta meta = write(traces);
    Set<TraceId> present = idsOf(traces);
    byte[] ids = new byte[16 * traces.size()];
    for (int i = 0; i < traces.size(); i++) {
      traces.get(i).id().writeTo(ids, 16 * i);
    }
    TraceFingerprints fps = TraceFingerprints.build(ids, traces.size());
    // About 2^32 / 2,000 = 2M tries to hit one of the fingerprints.
    Random random = new Random(5);
    TraceId collision;
    do {
      collision = TraceId.of(random.nextLong(), random.nextLong());
    } while (!fps.mightContain(collision.bytes()) || present.contains(collision) || !meta.mayContain(collision));
    BlockReader reader = Encodings.open(backend, meta, BlockCache.unbounded());
    store.reset();

    assertThat(reader.find(collision)).isEmpty();
    assertThat(store.gets()).extracting(RecordingObjectStore.Get::key).anySatisfy(key -> assertThat(key).endsWith("/data.parquet"));
  }

  @Test
  void aCacheTooSmallToKeepAnythingStillFindsEveryTraceReadingAgain() {
    List<Trace> traces = new TestTraces(23).sorted(200, 3);
    BlockMeta meta = write(traces);
    BlockCache none = new BlockCache(0);
    BlockReader reader = Encodings.open(backend, meta, none);

    for (int i = 0; i < 3; i++) {
      store.reset();
      assertThat(reader.find(traces.get(50 + i).id())).isPresent();
      assertThat(store.gets()).hasSize(3); // fingerprints, tail, row group, every time
    }
    assertThat(none.size()).isZero();
  }

  @Test
  void theBudgetKeepsFingerprintsOfManyBlocksWhenFootersDoNotFit() {
    List<List<Trace>> blocks = new ArrayList<>();
    List<BlockMeta> metas = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      blocks.add(new TestTraces(200 + b).sorted(100, 3));
      metas.add(write(blocks.get(b)));
    }
    BlockCache cache = new BlockCache(4 * (32 + 16 + 4 * 100) + 100); // four fingerprints, no footer
    List<BlockReader> readers = metas.stream().map(m -> Encodings.open(backend, m, cache)).toList();

    for (int round = 0; round < 2; round++) {
      for (int b = 0; b < 4; b++) {
        assertThat(readers.get(b).find(blocks.get(b).get(round).id())).isPresent();
      }
    }
    assertThat(cache.heldBytes()).isLessThanOrEqualTo(cache.maxBytes());
    store.reset();
    TestTraces gen = new TestTraces(9);
    for (int i = 0; i < 50; i++) {
      TraceId missing = gen.randomId();
      readers.forEach(r -> assertThat(r.find(missing)).isEmpty());
    }
    assertThat(store.gets()).isEmpty();
  }

  @Test
  void concurrentLookupsOnReadersSharingACacheAgree() throws Exception {
    BlockCache cache = new BlockCache(64 * 1024); // small: loads and evictions race with lookups
    List<List<Trace>> blocks = new ArrayList<>();
    List<BlockMeta> metas = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      blocks.add(new TestTraces(300 + b).sorted(120, 4));
      metas.add(write(blocks.get(b)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      TestTraces gen = new TestTraces(10);
      for (int b = 0; b < 3; b++) {
        BlockMeta meta = metas.get(b);
        for (Trace trace : blocks.get(b)) {
          // A new reader per lookup: only the cache is shared.
          results.add(pool.submit(() -> TraceNormalizer.normalize(Encodings.open(backend, meta, cache).find(trace.id()).orElseThrow())
              .equals(TraceNormalizer.normalize(trace))));
          TraceId missing = gen.randomId();
          results.add(pool.submit(() -> Encodings.open(backend, meta, cache).find(missing).isEmpty()));
        }
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
