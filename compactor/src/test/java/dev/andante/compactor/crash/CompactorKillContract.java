package dev.andante.compactor.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockKeys;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.ObjectStore;
import dev.andante.blockformat.testing.TraceNormalizer;
import dev.andante.blockformat.trace.Trace;
import dev.andante.compactor.merge.CompactionRecord;
import dev.andante.compactor.testing.Blocks;
import dev.andante.compactor.testing.SplitTraces;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a compactor running in a child process at two moments of a job (while it writes the
 * output; after the output is visible but before every input is marked compacted), checks that
 * queriers meanwhile find every trace whole with no span twice, restarts it and checks that it
 * finishes the work with every trace in one row.
 */
public abstract class CompactorKillContract {
  static final TenantId TENANT = new TenantId("acme");
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir Path dir;

  /** A store the child reaches with {@link #childStoreSpec()}. */
  protected abstract ObjectStore newStore();

  protected abstract String childStoreSpec();

  @Test
  void aKilledCompactorLosesNoTraceDoublesNoSpanAndFinishesOnRestart() throws Exception {
    SplitTraces split = SplitTraces.generate(21, 150, 5, 9, 0.1);
    try (Backend backend = new Backend(newStore())) {
      Blocks.writeAll(backend, TENANT, split, dir.resolve("staging"));

      killWhen(backend, "writing", keys -> !folders(keys, CompactionRecord.FILE).isEmpty());
      assertQueriersSeeEveryTraceOnce(backend, split);

      killWhen(backend, "replacing", keys -> {
        Set<String> complete = folders(keys, CompactionRecord.FILE);
        complete.retainAll(folders(keys, BlockKeys.META));
        return !complete.isEmpty();
      });
      assertQueriersSeeEveryTraceOnce(backend, split);

      Process last = start("final", 0);
      assertThat(last.waitFor(4, TimeUnit.MINUTES)).as("restarted compactor settles").isTrue();
      assertThat(last.exitValue()).as(output("final")).isZero();
      assertThat(output("final")).contains("SETTLED").contains("interruptedJobsFinished=1");

      List<String> keys = backend.store().list(TENANT.value() + "/");
      assertThat(folders(keys, CompactionRecord.FILE)).as("no unfinished job").isEmpty();
      Set<String> withMeta = folders(keys, BlockKeys.META);
      withMeta.addAll(folders(keys, BlockKeys.COMPACTED_META));
      assertThat(withMeta).as("no partial block left").containsAll(allFolders(keys));
      List<BlockMeta> live = Blocks.live(backend, TENANT);
      assertThat(live).hasSize(1);
      List<Trace> rows = Blocks.rows(backend, live);
      assertThat(rows).hasSize(split.whole().size());
      assertThat(live.get(0).spans()).isEqualTo(split.spans());
      assertQueriersSeeEveryTraceOnce(backend, split);
    }
  }

  private void killWhen(Backend backend, String name, Predicate<List<String>> moment) throws IOException {
    Process child = start(name, 250);
    try {
      await(name).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
          .until(() -> !child.isAlive() || moment.test(backend.store().list(TENANT.value() + "/")));
      assertThat(child.isAlive()).as("child still running at the kill (%s)", output(name)).isTrue();
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      child.destroyForcibly();
    }
  }

  private Process start(String name, long slowMillis) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(JAVA, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        CompactorChild.class.getName(), childStoreSpec(), dir.resolve("child-staging").toString(), Long.toString(slowMillis));
    pb.redirectErrorStream(true);
    pb.redirectOutput(outputFile(name));
    return pb.start();
  }

  private File outputFile(String name) {
    return dir.resolve("child-" + name + ".log").toFile();
  }

  private String output(String name) throws IOException {
    return Files.readString(outputFile(name).toPath());
  }

  /** Every trace whole, no span twice, once the parts in all live blocks are combined. */
  static void assertQueriersSeeEveryTraceOnce(Backend backend, SplitTraces split) {
    List<BlockMeta> live = Blocks.live(backend, TENANT);
    Map<TraceId, Trace> found = Blocks.combined(backend, live);
    assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(split.whole().stream().map(Trace::id).toList());
    Map<TraceId, Trace> expected = new HashMap<>();
    split.whole().forEach(t -> expected.put(t.id(), t));
    found.forEach((id, trace) -> {
      assertThat(trace.spanCount()).as("spans of %s", id).isEqualTo(expected.get(id).spanCount());
      assertThat(TraceNormalizer.normalize(trace)).isEqualTo(TraceNormalizer.normalize(expected.get(id)));
    });
    Trace probe = split.whole().get(split.whole().size() / 2);
    assertThat(Blocks.find(backend, live, probe.id()).trace().map(Trace::spanCount)).contains(probe.spanCount());
  }

  private static Set<String> folders(List<String> keys, String file) {
    Set<String> out = new HashSet<>();
    for (String key : keys) {
      if (key.endsWith("/" + file)) {
        out.add(key.substring(0, key.length() - file.length()));
      }
    }
    return out;
  }

  private static Set<String> allFolders(List<String> keys) {
    Set<String> out = new HashSet<>();
    for (String key : keys) {
      int slash = key.lastIndexOf('/');
      if (key.indexOf('/') != slash) {
        out.add(key.substring(0, slash + 1));
      }
    }
    return out;
  }
}
