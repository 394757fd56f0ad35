package dev.andante.deploy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andante.blockformat.Hashing;
import dev.andante.blockformat.TenantId;
import dev.andante.blockformat.TraceId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenRingTest {
  private static final List<String> THREE = List.of("node-a", "node-b", "node-c");

  @Test
  void traceTokenIsFnv1OfTenantAndTraceIdBytes() {
    TraceId id = TraceId.of(0x0102030405060708L, 0x090a0b0c0d0e0f10L);
    TenantId tenant = new TenantId("team-a");
    assertThat(TokenRing.tokenOf(tenant, id)).isEqualTo(Hashing.fnv1_32("team-a".getBytes(), id.bytes()));
  }

  @Test
  void ownersAreDistinctAndAsManyAsTheReplicationFactorAllows() {
    TokenRing ring = TokenRing.of(THREE);
    Random random = new Random(7);
    for (int i = 0; i < 1000; i++) {
      int token = random.nextInt();
      assertThat(ring.owners(token, 2)).hasSize(2).doesNotHaveDuplicates();
      assertThat(ring.owners(token, 5)).containsExactlyInAnyOrderElementsOf(THREE);
      assertThat(ring.owners(token, 2).get(0)).isEqualTo(ring.owners(token, 1).get(0));
    }
    assertThat(TokenRing.EMPTY.owners(42, 2)).isEmpty();
  }

  @Test
  void sameMembersInAnyOrderGiveTheSameRing() {
    TokenRing a = TokenRing.of(THREE);
    TokenRing b = TokenRing.of(List.of("node-c", "node-a", "node-b"));
    for (int token = Integer.MIN_VALUE; token < Integer.MAX_VALUE - 50_000_000; token += 50_000_000) {
      assertThat(a.owners(token, 2)).isEqualTo(b.owners(token, 2));
    }
  }

  @Test
  void removingAMemberKeepsTheOtherReplicaOfEachOfItsTraces() {
    TokenRing before = TokenRing.of(THREE);
    TokenRing after = TokenRing.of(List.of("node-a", "node-c"));
    Random random = new Random(11);
    for (int i = 0; i < 1000; i++) {
      int token = random.nextInt();
      List<String> owners = before.owners(token, 2);
      if (owners.contains("node-b")) {
        String survivor = owners.get(0).equals("node-b") ? owners.get(1) : owners.get(0);
        assertThat(after.owners(token, 2)).contains(survivor);
      }
    }
  }

  @Test
  void sharesSumToOneAndAreRoughlyEven() {
    Map<String, Double> shares = TokenRing.of(THREE).primaryShares();
    assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    shares.values().forEach(s -> assertThat(s).isBetween(0.2, 0.47));

    Map<String, Integer> traces = new HashMap<>();
    TokenRing ring = TokenRing.of(THREE);
    Random random = new Random(3);
    for (int i = 0; i < 30_000; i++) {
      TraceId id = TraceId.of(random.nextLong(), random.nextLong());
      traces.merge(ring.owners(TokenRing.tokenOf(TenantId.SINGLE_TENANT, id), 1).get(0), 1, Integer::sum);
    }
    traces.forEach((member, n) -> assertThat(n / 30_000.0).as(member).isCloseTo(shares.get(member), org.assertj.core.data.Offset.offset(0.02)));
  }

  @Test
  void replicationFactorMustBePositive() {
    assertThatThrownBy(() -> TokenRing.of(THREE).owners(1, 0)).hasMessageContaining("replicationFactor must be at least 1, got 0");
  }
}
