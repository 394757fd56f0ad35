package dev.andante.ingester.wal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {
  @TempDir Path dir;

  private static List<String> replayAll(Path dir) {
    List<String> out = new ArrayList<>();
    try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, FsyncPolicy.ALWAYS)) {
      log.replay((pos, payload) -> out.add(new String(payload, UTF_8)));
    }
    return out;
  }

  @Test
  void replaysWhatWasAppendedInOrder() {
    try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, FsyncPolicy.ALWAYS)) {
      for (int i = 0; i < 100; i++) {
        log.append(("record-" + i).getBytes(UTF_8));
      }
    }
    List<String> replayed = replayAll(dir);
    assertThat(replayed).hasSize(100).startsWith("record-0", "record-1").endsWith("record-99");
  }

  @Test
  void aRecordAppendedInPartsReplaysAsOnePayload() {
    try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, FsyncPolicy.ALWAYS)) {
      log.append("before".getBytes(UTF_8));
      log.appendParts(new byte[][] {"head|".getBytes(UTF_8), "request bytes".getBytes(UTF_8), new byte[0], "|tail".getBytes(UTF_8)});
      log.append("after".getBytes(UTF_8));
    }

    assertThat(replayAll(dir)).containsExactly("before", "head|request bytes|tail", "after");
  }

  @Test
  void rotatesSegmentsAndReplaysAcrossThem() {
    byte[] big = new byte[3000];
    try (SegmentedLog log = SegmentedLog.open(dir, 8192, FsyncPolicy.NEVER)) {
      for (int i = 0; i < 20; i++) {
        big[0] = (byte) i;
        log.append(big.clone());
      }
      assertThat(log.segmentCount()).isGreaterThan(5);
    }
    List<Integer> firsts = new ArrayList<>();
    try (SegmentedLog log = SegmentedLog.open(dir, 8192, FsyncPolicy.NEVER)) {
      log.replay((pos, payload) -> firsts.add((int) payload[0]));
    }
    assertThat(firsts).hasSize(20).isSorted();
  }

  @Test
  void tornTailKeepsEveryRecordBeforeIt() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, FsyncPolicy.ALWAYS)) {
      for (int i = 0; i < 10; i++) {
        log.append(("record-" + i).getBytes(UTF_8));
      }
    }
    Path segment = onlySegment();
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.setLength(f.length() - 3); // the last record is cut short, as by a crash mid-write
    }
    try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, FsyncPolicy.ALWAYS)) {
      List<String> out = new ArrayList<>();
      log.replay((pos, payload) -> out.add(new String(payload, UTF_8)));
      assertThat(out).hasSize(9).endsWith("record-8");
      assertThat(log.tornTails()).isEqualTo(1);
    }
  }

  @Test
  void corruptRecordIsDetectedByChecksum() throws IOException {
    try (SegmentedLog log = SegmentedLog.open(dir, 1 << 20, FsyncPolicy.ALWAYS)) {
      log.append("first".getBytes(UTF_8));
      log.append("second".getBytes(UTF_8));
      log.append("third".getBytes(UTF_8));
    }
    Path segment = onlySegment();
    byte[] bytes = Files.readAllBytes(segment);
    int at = new String(bytes, UTF_8).indexOf("second");
    bytes[at] ^= 0x20;
    Files.write(segment, bytes);
    assertThat(replayAll(dir)).containsExactly("first");
  }

  @Test
  void concurrentAppendsShareSyncsAndAllSurvive() throws Exception {
    int threads = 8;
    int perThread = 200;
    Set<LogPosition> positions = Collections.synchronizedSet(new HashSet<>());
    try (SegmentedLog log = SegmentedLog.open(dir, 64 * 1024, FsyncPolicy.ALWAYS)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            positions.add(log.append(("t" + thread + "-" + i + "-" + "x".repeat(100)).getBytes(UTF_8)));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
    }
    assertThat(positions).hasSize(threads * perThread);
    List<String> replayed = replayAll(dir);
    assertThat(replayed).hasSize(threads * perThread);
    for (int t = 0; t < threads; t++) {
      String prefix = "t" + t + "-";
      List<Integer> order = replayed.stream().filter(s -> s.startsWith(prefix))
          .map(s -> Integer.parseInt(s.split("-")[1])).toList();
      assertThat(order).as("records of one thread stay in order").isSorted().hasSize(perThread);
    }
  }

  @Test
  void deletesOnlySegmentsBeforeTheGivenOneAndNeverTheCurrent() {
    try (SegmentedLog log = SegmentedLog.open(dir, 4096, FsyncPolicy.NEVER)) {
      for (int i = 0; i < 10; i++) {
        log.append(new byte[3000]);
      }
      long current = log.currentSegment();
      log.deleteSegmentsBefore(current - 2);
      assertThat(log.segmentCount()).isEqualTo(3);
      log.deleteSegmentsBefore(Long.MAX_VALUE);
      assertThat(log.segmentCount()).isEqualTo(1);
      assertThat(log.currentSegment()).isEqualTo(current);
      log.append("still works".getBytes(UTF_8));
    }
  }

  @Test
  void appendAfterCloseIsRefused() {
    SegmentedLog log = SegmentedLog.open(dir, 4096, FsyncPolicy.NEVER);
    log.close();
    assertThatThrownBy(() -> log.append(new byte[1])).hasMessageContaining("closed");
  }

  private Path onlySegment() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.toList();
      assertThat(files).hasSize(1);
      return files.get(0);
    }
  }
}
