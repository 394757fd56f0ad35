package dev.andante.compactor.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.backend.BlockMeta;
import dev.andante.compactor.CompactorConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CompactionPlannerTest {
  private static final TenantId TENANT = new TenantId("acme");
  private static final Instant NOW = Instant.parse("2026-11-10T12:30:00Z");
  private final CompactionPlanner planner =
      new CompactionPlanner(CompactorConfig.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void groupsByWindowOfEndTime() {
    List<BlockMeta> blocks = List.of(
        meta("2026-11-10T10:05:00Z", 0, 10), meta("2026-11-10T10:55:00Z", 0, 10),
        meta("2026-11-10T11:01:00Z", 0, 10), meta("2026-11-10T11:59:59Z", 0, 10));

    List<CompactionJob> jobs = planner.plan(TENANT, blocks);

    assertThat(jobs).hasSize(2);
    assertThat(jobs.get(0).window()).isEqualTo(Instant.parse("2026-11-10T10:00:00Z"));
    assertThat(jobs.get(0).inputs()).containsExactlyInAnyOrder(blocks.get(0), blocks.get(1));
    assertThat(jobs.get(1).inputs()).containsExactlyInAnyOrder(blocks.get(2), blocks.get(3));
    assertThat(jobs.get(0).key()).isEqualTo("acme-0-" + Instant.parse("2026-11-10T10:00:00Z").getEpochSecond());
  }

  @Test
  void recentWindowsMergeLevelByLevelOldOnesWhateverTheLevel() {
    BlockMeta recent0 = meta("2026-11-10T11:10:00Z", 0, 10);
    BlockMeta recent0b = meta("2026-11-10T11:20:00Z", 0, 10);
    BlockMeta recent1 = meta("2026-11-10T11:30:00Z", 1, 10);
    BlockMeta old0 = meta("2026-11-01T11:10:00Z", 0, 10);
    BlockMeta old3 = meta("2026-11-01T11:20:00Z", 3, 10);

    List<CompactionJob> jobs = planner.plan(TENANT, List.of(recent0, recent0b, recent1, old0, old3));

    assertThat(jobs).hasSize(2);
    assertThat(jobs.get(0).inputs()).containsExactlyInAnyOrder(old0, old3);
    assertThat(jobs.get(0).level()).isEqualTo(-1);
    assertThat(jobs.get(0).outputLevel()).isEqualTo(4);
    assertThat(jobs.get(1).inputs()).containsExactlyInAnyOrder(recent0, recent0b);
    assertThat(jobs.get(1).outputLevel()).isEqualTo(1);
  }

  @Test
  void jobsRespectInputCountObjectsAndBytesSmallestFirst() {
    List<BlockMeta> blocks = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      blocks.add(meta("2026-11-10T11:10:00Z", 0, 100 + i));
    }
    assertThat(planner.plan(TENANT, blocks)).extracting(j -> j.inputs().size()).containsExactly(4, 4);

    CompactionPlanner byObjects = new CompactionPlanner(CompactorConfig.DEFAULT.withMaxCompactionObjects(25), Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(byObjects.plan(TENANT, blocks)).allSatisfy(j -> assertThat(j.totalObjects()).isLessThanOrEqualTo(25));

    CompactionPlanner byBytes = new CompactionPlanner(CompactorConfig.DEFAULT.withMaxBlockBytes(250), Clock.fixed(NOW, ZoneOffset.UTC));
    List<CompactionJob> jobs = byBytes.plan(TENANT, blocks);
    assertThat(jobs).isNotEmpty().allSatisfy(j -> assertThat(j.totalBytes()).isLessThanOrEqualTo(250));
    assertThat(jobs.get(0).inputs()).extracting(BlockMeta::size).containsExactly(100L, 101L);
  }

  @Test
  void aLoneBlockOrAnOversizedOneMakesNoJob() {
    assertThat(planner.plan(TENANT, List.of(meta("2026-11-10T11:10:00Z", 0, 10)))).isEmpty();
    CompactionPlanner small = new CompactionPlanner(CompactorConfig.DEFAULT.withMaxBlockBytes(50), Clock.fixed(NOW, ZoneOffset.UTC));
    assertThat(small.plan(TENANT, List.of(meta("2026-11-10T11:10:00Z", 0, 60), meta("2026-11-10T11:11:00Z", 0, 60)))).isEmpty();
  }

  @Test
  void aJobNeedsTwoInputsOfItsTenant() {
    BlockMeta a = meta("2026-11-10T11:10:00Z", 0, 10);
    assertThatThrownBy(() -> new CompactionJob(TENANT, NOW, 0, List.of(a)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 inputs");
    assertThatThrownBy(() -> new CompactionJob(new TenantId("other"), NOW, 0, List.of(a, a)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("blocks of tenant other");
  }

  static BlockMeta meta(String end, int level, long size) {
    Instant endTime = Instant.parse(end);
    return new BlockMeta("v1", UUID.randomUUID(), TENANT.value(), "00000000000000000000000000000001",
        "ffffffffffffffffffffffffffffffff", endTime.minus(Duration.ofMinutes(5)), endTime, size / 10, size, size,
        level, 1, 1, size);
  }
}
