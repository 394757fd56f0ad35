package dev.andante.blockformat.blocklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.Backend;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.blockformat.backend.memory.MemoryObjectStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BlocklistPollerTest {
  private static final TenantId ACME = new TenantId("acme");

  @Test
  void pollsAtOnceAndThenEveryInterval() {
    Backend backend = new Backend(new MemoryObjectStore());
    BlockMeta first = BlocklistTest.meta(ACME, 0);
    backend.writeBlockMeta(first);
    Blocklist blocklist = new Blocklist(backend);

    try (BlocklistPoller poller = new BlocklistPoller(blocklist, Duration.ofMillis(50))) {
      assertThat(poller.polled()).isFalse();
      poller.start();
      await().atMost(Duration.ofSeconds(5)).until(poller::polled);
      assertThat(blocklist.metas(ACME)).containsExactly(first);

      BlockMeta second = BlocklistTest.meta(ACME, 1);
      backend.writeBlockMeta(second);
      await().atMost(Duration.ofSeconds(5)).until(() -> blocklist.metas(ACME).size() == 2);
    }
  }

  @Test
  void runsItsAfterPollStepAfterEachPollEvenWhenOneFails() {
    Blocklist blocklist = new Blocklist(new Backend(new MemoryObjectStore()));
    java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
    Runnable step = () -> {
      if (runs.incrementAndGet() == 1) {
        throw new IllegalStateException("Cannot prepare blocks: first time fails");
      }
    };

    try (BlocklistPoller poller = new BlocklistPoller(blocklist, Duration.ofMillis(20), step)) {
      poller.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
      assertThat(poller.polled()).isTrue();
    }
  }

  @Test
  void checksArguments() {
    Blocklist blocklist = new Blocklist(new Backend(new MemoryObjectStore()));
    assertThatThrownBy(() -> new BlocklistPoller(blocklist, Duration.ZERO))
        .hasMessageContaining("interval must be positive, got PT0S");
    assertThatThrownBy(() -> new BlocklistPoller(blocklist, Duration.ofSeconds(1), null))
        .hasMessageContaining("afterPoll must not be null");
  }
}
