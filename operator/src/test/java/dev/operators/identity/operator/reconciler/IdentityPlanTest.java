package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.DesiredIdentity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Create, recreate, adopt, refuse, update, keep: the identity decisions as a table. */
class IdentityPlanTest {

  static final Ownership OWNERSHIP = new Ownership("test-cluster");
  static final String PRINCIPAL = "11111111-1111-1111-1111-111111111111";

  final UserAssignedIdentity resource = ReconcilerFixture.resource("orders-api");

  DesiredIdentity desired() {
    return new DesiredIdentity("eastus", IsolationScope.None, OWNERSHIP.desiredTags(resource));
  }

  AzureIdentity existing(String location, Map<String, String> tags, IsolationScope scope) {
    return new AzureIdentity(
        ReconcilerFixture.REF.resourceId(),
        "orders-api",
        location,
        scope,
        tags,
        PRINCIPAL,
        "client",
        "tenant");
  }

  IdentityPlan decide(Optional<AzureIdentity> found) {
    return IdentityPlan.decide(resource, ReconcilerFixture.REF, desired(), found, OWNERSHIP);
  }

  @Test
  void aMissingIdentityIsCreatedAndARecordedOneRecreatedWithItsOldPrincipalNamed() {
    assertThat(decide(Optional.empty()))
        .isEqualTo(new IdentityPlan.Create(desired(), Optional.empty()));

    var status = new UserAssignedIdentityStatus();
    status.setPrincipalId(PRINCIPAL);
    resource.setStatus(status);
    assertThat(decide(Optional.empty()))
        .isEqualTo(new IdentityPlan.Create(desired(), Optional.of(PRINCIPAL)));
  }

  @Test
  void anOwnedIdentityThatMatchesIsKeptAndOneThatDriftedIsUpdated() {
    var same = existing("eastus", desired().tags(), IsolationScope.None);
    assertThat(decide(Optional.of(same)))
        .isEqualTo(new IdentityPlan.Converge(same, desired(), List.of(), false));

    var tags = new HashMap<>(desired().tags());
    tags.put("team", "someone-else");
    var drifted = existing("eastus", tags, IsolationScope.Regional);
    var plan = (IdentityPlan.Converge) decide(Optional.of(drifted));
    assertThat(plan.changes()).containsExactly("tags", "isolation scope Regional -> None");
  }

  @Test
  void anIdentityOfAnotherOwnerIsRefused() {
    var tags = new HashMap<>(desired().tags());
    tags.put(Ownership.CLUSTER_TAG, "other-cluster");

    var plan = (IdentityPlan.Refuse) decide(Optional.of(existing("eastus", tags, null)));

    assertThat(plan.why().reason()).isEqualTo("OwnedByAnother");
  }

  @Test
  void anUntaggedIdentityIsAdoptedOnlyWithTheAnnotation() {
    var untagged = existing("eastus", Map.of(), IsolationScope.None);
    assertThat(((IdentityPlan.Refuse) decide(Optional.of(untagged))).why().reason())
        .isEqualTo("NotOwned");

    resource.getMetadata().setAnnotations(Map.of(UserAssignedIdentity.ADOPT_ANNOTATION, "true"));
    var plan = (IdentityPlan.Converge) decide(Optional.of(untagged));
    assertThat(plan.adopt()).isTrue();
    assertThat(plan.changes()).containsExactly("tags");
  }

  @Test
  void anIdentityInAnotherRegionIsRefused() {
    var plan =
        (IdentityPlan.Refuse)
            decide(Optional.of(existing("westus", desired().tags(), IsolationScope.None)));

    assertThat(plan.why().reason()).isEqualTo("LocationMismatch");
  }

  @Test
  void theRegionIsCheckedBeforeAzureIsAskedAndANewPlaceIsLeftToTheMigration() {
    var status = new UserAssignedIdentityStatus();
    assertThat(
            IdentityPlan.precheck(
                resource.getSpec(), ReconcilerFixture.REF, status, Set.of("eastus")))
        .isEmpty();
    assertThat(
            IdentityPlan.precheck(
                    resource.getSpec(), ReconcilerFixture.REF, status, Set.of("westus"))
                .map(PartResult::reason))
        .contains("InvalidSpec");

    status.setLocation("westus");
    assertThat(
            IdentityPlan.precheck(
                resource.getSpec(), ReconcilerFixture.REF, status, Set.of("eastus")))
        .isEmpty();
  }
}
