package dev.andante.blockformat.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BlockCacheTest {
  private static final UUID BLOCK = UUID.randomUUID();

  private static BlockCache.Key key(String name) {
    return new BlockCache.Key("acme", BLOCK, name);
  }

  @Test
  void keepsWhatWasLoadedUntilTheBudgetNeedsItsRoom() {
    BlockCache cache = new BlockCache(300);
    AtomicInteger loads = new AtomicInteger();

    cache.get(key("a"), () -> "A" + loads.incrementAndGet(), v -> 100);
    cache.get(key("b"), () -> "B" + loads.incrementAndGet(), v -> 100);
    assertThat(cache.get(key("a"), () -> "again", v -> 100)).isEqualTo("A1"); // a is now the most recent
    cache.get(key("c"), () -> "C" + loads.incrementAndGet(), v -> 150); // b goes: 100 + 150 fit, 350 do not

    assertThat(cache.heldBytes()).isEqualTo(250);
    assertThat(cache.get(key("a"), () -> "again", v -> 100)).isEqualTo("A1");
    assertThat(cache.get(key("b"), () -> "B-reloaded", v -> 100)).isEqualTo("B-reloaded");
    assertThat(cache.stats().evictions()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aValueLargerThanTheBudgetIsReturnedButNotKept() {
    BlockCache cache = new BlockCache(10);

    assertThat(cache.get(key("big"), () -> "big", v -> 11)).isEqualTo("big");
    assertThat(cache.size()).isZero();
    assertThat(cache.get(key("big"), () -> "loaded again", v -> 11)).isEqualTo("loaded again");
  }

  @Test
  void aFailedLoadIsThrownAndNotKept() {
    BlockCache cache = BlockCache.unbounded();

    assertThatThrownBy(() -> cache.get(key("x"), () -> {
      throw new IllegalStateException("Cannot read: broken (block 1)");
    }, v -> 1)).hasMessageContaining("Cannot read: broken");
    assertThat(cache.get(key("x"), () -> "fine", v -> 1)).isEqualTo("fine");
  }

  @Test
  void concurrentGetsOfOneKeyShareOneLoad() throws Exception {
    BlockCache cache = BlockCache.unbounded();
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch inLoad = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      results.add(pool.submit(() -> cache.get(key("k"), () -> {
        loads.incrementAndGet();
        inLoad.countDown();
        await(release);
        return "v";
      }, v -> 1)));
      assertThat(inLoad.await(5, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 3; i++) {
        results.add(pool.submit(() -> cache.get(key("k"), () -> "v" + loads.incrementAndGet(), v -> 1)));
      }
      release.countDown();
      for (Future<String> r : results) {
        assertThat(r.get(5, TimeUnit.SECONDS)).isEqualTo("v");
      }
      assertThat(loads).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void evictDropsEverythingOfABlock() {
    BlockCache cache = BlockCache.unbounded();
    cache.get(key("a"), () -> "a", v -> 5);
    cache.get(new BlockCache.Key("acme", UUID.randomUUID(), "a"), () -> "other", v -> 7);

    cache.evict("acme", BLOCK);

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.heldBytes()).isEqualTo(7);
  }

  @Test
  void checksItsBudget() {
    assertThatThrownBy(() -> new BlockCache(-1)).hasMessageContaining("maxBytes must not be negative, got -1");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
