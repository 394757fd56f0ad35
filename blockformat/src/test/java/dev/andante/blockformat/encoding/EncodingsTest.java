package dev.andante.blockformat.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.backend.BlockMeta;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EncodingsTest {
  @Test
  void currentIsV1() {
    assertThat(Encodings.current().version()).isEqualTo("v1");
    assertThat(Encodings.forVersion("v1")).isSameAs(Encodings.current());
  }

  @Test
  void anUnknownVersionNamesItselfAndTheBlock() {
    UUID blockId = UUID.randomUUID();
    BlockMeta meta =
        new BlockMeta("vParquet9", blockId, "t", "00", "ff", Instant.EPOCH, Instant.EPOCH, 1, 1, 100, 0, 1, 1, 50);

    assertThatThrownBy(() -> Encodings.forMeta(meta))
        .isInstanceOf(UnknownEncodingException.class)
        .hasMessage("Cannot read block: unknown encoding version 'vParquet9' (block " + blockId + ")");
    assertThatThrownBy(() -> Encodings.forVersion("v0"))
        .isInstanceOf(UnknownEncodingException.class)
        .hasMessageContaining("unknown encoding version 'v0'");
  }
}
