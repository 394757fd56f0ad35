package dev.andante.compactor;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CompactorConfigTest {
  @Test
  void defaultsAreValidAgainstTheDefaultPoll() {
    assertThatCode(() -> CompactorConfig.DEFAULT.checkAgainst(Duration.ofMinutes(5))).doesNotThrowAnyException();
  }

  @Test
  void impossibleValuesNameTheirKey() {
    assertThatThrownBy(() -> CompactorConfig.DEFAULT.withBlockRetention(Duration.ZERO))
        .hasMessageContaining("compactor.compaction.block_retention must be positive");
    assertThatThrownBy(() -> CompactorConfig.DEFAULT.withCompactionCycle(Duration.ofSeconds(-1)))
        .hasMessageContaining("compactor.compaction.compaction_cycle must be positive");
    assertThatThrownBy(() -> CompactorConfig.DEFAULT.withMaxBlockBytes(0))
        .hasMessageContaining("compactor.compaction.max_block_bytes must be positive");
    assertThatThrownBy(() -> CompactorConfig.DEFAULT.withMaxInputBlocks(1))
        .hasMessageContaining("maxInputBlocks must be at least 2");
  }

  @Test
  void retentionShorterThanThePollIsAnError() {
    CompactorConfig config = CompactorConfig.DEFAULT.withBlockRetention(Duration.ofMinutes(2));

    assertThatThrownBy(() -> config.checkAgainst(Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compactor.compaction.block_retention (PT2M) must not be shorter than storage.trace.blocklist_poll (PT5M)");
    assertThatThrownBy(() -> Compactor.builder(new Backend(new MemoryObjectStore()), config).blocklistPoll(Duration.ofMinutes(5)).build())
        .hasMessageContaining("block_retention");
  }

  @Test
  void compactedRetentionShorterThanThePollIsAnError() {
    assertThatThrownBy(() -> CompactorConfig.DEFAULT.withCompactedBlockRetention(Duration.ofMinutes(1)).checkAgainst(Duration.ofMinutes(5)))
        .hasMessageContaining("compacted_block_retention (PT1M) must not be shorter than storage.trace.blocklist_poll");
  }
}
