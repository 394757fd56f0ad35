package dev.andante.compactor.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashJobOwnershipTest {
  private static final List<String> MEMBERS = List.of("compactor-a", "compactor-b", "compactor-c");

  private static List<String> keys(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> "tenant" + (i % 7) + "-" + (i % 5) + "-" + (1_700_000_000 + i * 3600)).toList();
  }

  @Test
  void everyKeyHasExactlyOneOwnerAmongMembersThatAgree() {
    List<HashJobOwnership> views = MEMBERS.stream().map(m -> new HashJobOwnership(m, () -> MEMBERS)).toList();
    Map<String, Integer> share = new HashMap<>();
    for (String key : keys(3000)) {
      List<String> owners = MEMBERS.stream().filter(m -> views.get(MEMBERS.indexOf(m)).owns(key)).toList();
      assertThat(owners).as("owners of %s", key).hasSize(1);
      share.merge(owners.get(0), 1, Integer::sum);
    }
    assertThat(share.values()).as("keys per compactor of 3000").allSatisfy(n -> assertThat(n).isBetween(800, 1200));
  }

  @Test
  void aLeavingCompactorMovesOnlyTheKeysItOwned() {
    HashJobOwnership before = new HashJobOwnership("x", () -> MEMBERS);
    HashJobOwnership after = new HashJobOwnership("x", () -> MEMBERS.subList(0, 2));
    int moved = 0;
    for (String key : keys(3000)) {
      String was = before.owner(key, MEMBERS);
      String now = after.owner(key, MEMBERS.subList(0, 2));
      if (!was.equals(now)) {
        assertThat(was).isEqualTo("compactor-c");
        moved++;
      }
    }
    assertThat(moved).isGreaterThan(0);
  }

  @Test
  void aCompactorMissingFromItsOwnViewStillCountsItself() {
    HashJobOwnership joining = new HashJobOwnership("compactor-c", () -> MEMBERS.subList(0, 2));
    HashJobOwnership full = new HashJobOwnership("compactor-c", () -> MEMBERS);
    for (String key : keys(200)) {
      assertThat(joining.owns(key)).isEqualTo(full.owns(key));
    }
  }

  @Test
  void rejectsAMissingId() {
    assertThatThrownBy(() -> new HashJobOwnership("", List::of))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("self");
  }
}
