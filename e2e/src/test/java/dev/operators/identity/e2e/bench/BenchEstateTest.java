package dev.operators.identity.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's estate puts every write of an identity where its floor counts it: in the
 * identity's own subscription (an estate whose web apps sat in other subscriptions than their
 * identities loaded one subscription with 5,602 writes where the floor counted 5,336).
 */
class BenchEstateTest {

  @Test
  void everyWriteOfAnIdentityLandsInItsOwnSubscriptionAsTheFloorCountsIt() {
    BenchEstate estate = new BenchEstate(2000, 1, 4000);
    Map<String, Integer> writes = new HashMap<>();
    for (int i = 0; i < estate.identities(); i++) {
      UserAssignedIdentity uai = estate.resource(i);
      String subscription = uai.getSpec().getSubscriptionId();
      Stream.concat(
              uai.getSpec().getRoleAssignments().stream().map(RoleAssignmentSpec::getScope),
              uai.getSpec().getAssignees().stream().map(AssigneeSpec::getResourceId))
          .forEach(id -> assertThat(id).startsWith("/subscriptions/" + subscription + "/"));
      writes.merge(subscription, 1 + BenchEstate.ROLES + BenchEstate.ASSIGNEES, Integer::sum);
    }
    int most = writes.values().stream().max(Integer::compare).orElseThrow();
    assertThat(writes).hasSize(estate.subscriptions());
    assertThat(estate.floor().seconds()).isEqualTo((most - 200) / 10.0);
    assertThat(estate.floor().boundBy()).startsWith(most + " ARM writes");
  }
}
