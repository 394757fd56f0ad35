package dev.andante.compactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.encoding.BlockReader;
import dev.andante.blockformat.encoding.Encodings;
import dev.andante.blockformat.testing.TestTraces;
import dev.andante.blockformat.testing.TraceNormalizer;
import dev.andante.blockformat.trace.Trace;
import dev.andante.compactor.testing.Blocks;
import dev.andante.compactor.testing.MutableClock;
import dev.andante.compactor.testing.Shift;
import dev.andante.compactor.testing.SplitTraces;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the compactor must do on every backend: merge whole, replace safely, enforce retention. */
public abstract class CompactorContract {
  protected static final TenantId TENANT = new TenantId("acme");
  /** All generated blocks fall in one window, and it is recent: blocks merge level by level. */
  protected static final CompactorConfig CONFIG =
      CompactorConfig.DEFAULT.withCompactionCycle(Duration.ofSeconds(1));

  @TempDir protected Path staging;
  protected Backend backend;
  protected MutableClock clock;

  protected abstract ObjectStore newStore();

  @BeforeEach
  void openBackend() {
    backend = new Backend(newStore());
    clock = new MutableClock(TestTraces.BASE_TIME.plus(Duration.ofHours(2)));
  }

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  protected Compactor compactor(CompactorConfig config) {
    return Compactor.builder(backend, config).clock(clock).stagingDir(staging.resolve("compactor")).build();
  }

  /** Runs cycles until one compacts nothing; returns the number of jobs. */
  protected static int compactFully(Compactor compactor) {
    int jobs = 0;
    for (int i = 0; i < 10; i++) {
      int done = compactor.runCycle().jobs();
      if (done == 0) {
        return jobs;
      }
      jobs += done;
    }
    throw new AssertionError("compaction did not settle in 10 cycles");
  }

  @Test
  void mergesBlocksIntoOneWithEveryTraceWholeAndNoSpanTwice() {
    SplitTraces split = SplitTraces.generate(7, 300, 6, 8, 0.1);
    Blocks.writeAll(backend, TENANT, split, staging);
    assertThat(split.spanCopies()).isGreaterThan(split.spans());
    Compactor compactor = compactor(CONFIG.withCompactionWindow(Duration.ofHours(24)));

    int jobs = compactFully(compactor);

    List<BlockMeta> live = Blocks.live(backend, TENANT);
    assertThat(jobs).as("8 level-0 blocks -> 2 level-1 -> 1 level-2").isEqualTo(3);
    assertThat(live).hasSize(1);
    BlockMeta out = live.get(0);
    assertThat(out.compactionLevel()).isEqualTo(2);
    assertThat(out.totalObjects()).isEqualTo(split.whole().size());
    assertThat(out.spans()).isEqualTo(split.spans());
    assertWhole(Blocks.rows(backend, live), split);
    assertThat(compactor.stats().blocksCompacted()).isEqualTo(10);
    assertThat(compactor.stats().blocksWritten()).isEqualTo(3);
    assertThat(compactor.stats().spansWritten()).isLessThan(compactor.stats().spansRead());

    JsonNode index = tenantIndex();
    assertThat(index.get("meta")).hasSize(1);
    assertThat(index.get("meta").get(0).get("blockID").asText()).isEqualTo(out.blockId().toString());
    assertThat(index.get("compacted")).as("8 level-0 and 2 level-1 blocks replaced").hasSize(10);
    assertThat(index.get("created_at").asText()).isEqualTo(clock.instant().toString());
  }

  /** The tenant index the compactor wrote, as a JSON tree. */
  protected JsonNode tenantIndex() {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(backend.store().read(BlockKeys.tenantIndex(TENANT))))) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void replacedBlocksStayReadableUntilTheCompactedRetentionThenReadAsNotHere() {
    SplitTraces split = SplitTraces.generate(11, 40, 4, 2, 0.2);
    List<BlockMeta> inputs = Blocks.writeAll(backend, TENANT, split, staging);
    Compactor compactor = compactor(CONFIG.withCompactionWindow(Duration.ofHours(24)));
    TraceId probe = split.whole().get(0).id();
    List<BlockReader> oldReaders = inputs.stream().map(m -> Encodings.open(backend, m)).toList();

    assertThat(compactor.runCycle().jobs()).isEqualTo(1);

    for (BlockMeta input : inputs) {
      assertThat(backend.blockMeta(TENANT, input.blockId())).isEmpty();
      assertThat(backend.compactedBlockMeta(TENANT, input.blockId())).isPresent();
    }
    Blocks.Lookup stale = Blocks.find(backend, inputs, probe);
    assertThat(stale.trace()).as("a querier with the old block list still finds the trace").isPresent();

    clock.advance(CONFIG.compactedBlockRetention().plusSeconds(1));
    compactor.runCycle();

    for (BlockMeta input : inputs) {
      assertThat(backend.store().list(BlockKeys.blockFolder(TENANT, input.blockId()))).isEmpty();
    }
    assertThat(compactor.stats().blocksDeleted()).isEqualTo(2);
    for (BlockReader reader : oldReaders) {
      assertThat(reader.find(probe)).as("a deleted block reads as not here").isEmpty();
    }
    Blocks.Lookup fresh = Blocks.find(backend, Blocks.live(backend, TENANT), probe);
    assertThat(TraceNormalizer.normalize(fresh.trace().orElseThrow()))
        .isEqualTo(TraceNormalizer.normalize(split.whole().get(0)));
  }

  @Test
  void blocksPastRetentionLeaveQueryResultsThenStorage() {
    TestTraces traces = new TestTraces(3);
    BlockMeta old = Blocks.write(backend, TENANT, traces.sorted(5, 3), 0, staging);
    Instant oldEnd = old.endTime();
    clock.set(oldEnd.plus(Duration.ofHours(10)));
    BlockMeta fresh = writeEndingNear(traces, clock.instant());
    Compactor compactor = compactor(CONFIG.withBlockRetention(Duration.ofHours(9)).withCompactionWindow(Duration.ofHours(24)));

    compactor.runCycle();

    assertThat(Blocks.live(backend, TENANT)).extracting(BlockMeta::blockId).containsExactly(fresh.blockId());
    assertThat(compactor.stats().blocksExpired()).isEqualTo(1);
    assertThat(backend.compactedBlockMeta(TENANT, old.blockId())).isPresent();

    clock.advance(CONFIG.compactedBlockRetention().plusMinutes(1));
    compactor.runCycle();

    assertThat(backend.store().list(BlockKeys.blockFolder(TENANT, old.blockId()))).isEmpty();
    assertThat(Blocks.live(backend, TENANT)).extracting(BlockMeta::blockId).containsExactly(fresh.blockId());
  }

  /** A one-trace block whose spans end shortly before {@code end}. */
  protected BlockMeta writeEndingNear(TestTraces traces, Instant end) {
    Trace t = traces.trace(3);
    long shift = end.minusSeconds(60).getEpochSecond() * 1_000_000_000L - TestTraces.BASE_TIME.getEpochSecond() * 1_000_000_000L;
    return Blocks.write(backend, TENANT, List.of(Shift.by(t, shift)), 0, staging);
  }

  protected static void assertWhole(List<Trace> rows, SplitTraces split) {
    Set<TraceId> seen = new HashSet<>();
    for (Trace row : rows) {
      assertThat(seen.add(row.id())).as("trace %s in one row only", row.id()).isTrue();
    }
    Map<TraceId, Trace> byId = rows.stream().collect(Collectors.toMap(Trace::id, Function.identity()));
    assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(split.whole().stream().map(Trace::id).toList());
    for (Trace expected : split.whole()) {
      Trace actual = byId.get(expected.id());
      assertThat(actual.spanCount()).as("spans of %s", expected.id()).isEqualTo(expected.spanCount());
      assertThat(TraceNormalizer.normalize(actual)).isEqualTo(TraceNormalizer.normalize(expected));
    }
  }
}
