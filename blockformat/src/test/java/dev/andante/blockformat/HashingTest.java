package dev.andante.blockformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashingTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void matchesTheFnv1ReferenceVectors() {
    assertThat(Hashing.fnv1_32(new byte[0])).isEqualTo(0x811c9dc5);
    assertThat(Hashing.fnv1_32(ascii("a"))).isEqualTo(0x050c5d7e);
    assertThat(Hashing.fnv1_32(ascii("foobar"))).isEqualTo(0x31f0b262);
  }

  @Test
  void hashesPartsAsTheirConcatenation() {
    assertThat(Hashing.fnv1_32(ascii("foo"), ascii(""), ascii("bar"))).isEqualTo(Hashing.fnv1_32(ascii("foobar")));
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> Hashing.fnv1_32((byte[]) null)).hasMessageContaining("data must not be null");
    assertThatThrownBy(() -> Hashing.fnv1_32(ascii("a"), null)).hasMessageContaining("parts must not contain null");
  }
}
