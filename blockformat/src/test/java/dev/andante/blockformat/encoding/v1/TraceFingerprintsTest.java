package dev.andante.blockformat.encoding.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.TraceId;
import dev.andante.blockformat.testing.TestTraces;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TraceFingerprintsTest {

  private static byte[] ids(TestTraces gen, int count, Set<TraceId> out) {
    byte[] ids = new byte[16 * count];
    for (int i = 0; i < count; i++) {
      TraceId id = gen.randomId();
      out.add(id);
      id.writeTo(ids, 16 * i);
    }
    return ids;
  }

  @Test
  void everyWrittenIdIsFoundAfterARoundTrip() {
    Set<TraceId> written = new HashSet<>();
    byte[] ids = ids(new TestTraces(1), 5_000, written);

    TraceFingerprints parsed = TraceFingerprints.parse(TraceFingerprints.build(ids, written.size()).serialize());

    assertThat(parsed.count()).isEqualTo(5_000);
    assertThat(written).allSatisfy(id -> assertThat(parsed.mightContain(id.bytes())).isTrue());
    assertThat(parsed.heldBytes()).isLessThan(5_000 * 4 + 64);
  }

  @Test
  void absentIdsAreAlmostNeverReportedPresent() {
    Set<TraceId> written = new HashSet<>();
    TestTraces gen = new TestTraces(2);
    TraceFingerprints fps = TraceFingerprints.build(ids(gen, 2_000, written), 2_000);

    int falsePositives = 0;
    for (int i = 0; i < 200_000; i++) {
      TraceId id = gen.randomId();
      if (!written.contains(id) && fps.mightContain(id.bytes())) {
        falsePositives++;
      }
    }
    // Expected 200,000 x 2,000 / 2^32 = 0.09.
    assertThat(falsePositives).isLessThanOrEqualTo(2);
  }

  @Test
  void idsPaddedFrom64BitsAreSpreadToo() {
    byte[] ids = new byte[16 * 1_000];
    for (int i = 0; i < 1_000; i++) {
      TraceId.of(0, i + 1).writeTo(ids, 16 * i);
    }
    TraceFingerprints fps = TraceFingerprints.build(ids, 1_000);

    int falsePositives = 0;
    for (int i = 1_001; i < 101_001; i++) {
      if (fps.mightContain(TraceId.of(0, i).bytes())) {
        falsePositives++;
      }
    }
    assertThat(falsePositives).isLessThanOrEqualTo(2);
  }

  @Test
  void damagedBytesAreRejectedSayingWhy() {
    byte[] good = TraceFingerprints.build(ids(new TestTraces(3), 10, new HashSet<>()), 10).serialize();

    byte[] flipped = good.clone();
    flipped[12] ^= 1;
    assertThatThrownBy(() -> TraceFingerprints.parse(flipped)).hasMessageContaining("checksum");
    byte[] magic = good.clone();
    magic[0] = 'X';
    assertThatThrownBy(() -> TraceFingerprints.parse(magic)).hasMessageContaining("ATFP");
    assertThatThrownBy(() -> TraceFingerprints.parse(new byte[] {1, 2})).hasMessageContaining("too short");
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 4);
    assertThatThrownBy(() -> TraceFingerprints.parse(truncated)).hasMessageContaining("cannot hold 10 entries");
  }
}
