package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a hostile or broken spec gets: a specific refusal, no Azure call, nothing undone. */
class HostileSpecReconcilerTest extends ReconcilerFixture {

  private static final String RG = "/subscriptions/" + SUB + "/resourceGroups/rg-data";

  @Test
  void anUnknownRegionIsRefusedBeforeAnythingIsSentWithIt() {
    var uai = resource("orders-api");
    uai.getSpec().setLocation("mars");

    reconcile(uai);

    assertThat(azure.calls).isEmpty();
    assertThat(azure.regionLookups.get()).isEqualTo(1);
    Condition identity = condition(uai, "IdentityReady");
    assertThat(identity.getReason()).isEqualTo("InvalidSpec");
    assertThat(identity.getMessage())
        .contains("spec.location 'mars' is not a region of this cloud")
        .contains("Nothing was sent to Azure");
  }

  @Test
  void aScopeWithASmuggledQueryMakesNoAzureCallAtAll() {
    var uai = resource("orders-api");
    uai.getSpec()
        .setRoleAssignments(
            List.of(new RoleAssignmentSpec("Reader", RG + "?api-version=2021-04-01&x=")));

    reconcile(uai);

    assertThat(azure.calls).isEmpty();
    assertThat(authorization.calls).isEmpty();
    assertThat(assignees.calls).isEmpty();
    assertThat(condition(uai, "IdentityReady").getMessage())
        .contains("spec.roleAssignments[0].scope")
        .contains("contains '?'");
  }

  @Test
  void nullEntriesAreReportedByPositionNotAsAnException() {
    var uai = resource("orders-api");
    uai.getSpec().setRoleAssignments(Arrays.asList((RoleAssignmentSpec) null));
    uai.getSpec().setAssignees(Arrays.asList((AssigneeSpec) null));

    reconcile(uai);

    assertThat(condition(uai, "IdentityReady").getMessage())
        .contains("spec.roleAssignments[0] is empty (null)")
        .contains("spec.assignees[0] is empty (null)")
        .doesNotContain("Exception");
    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();
  }

  @Test
  void aTagWithoutAValueIsAnInvalidSpecNotAnInternalError() {
    var uai = resource("orders-api");
    Map<String, String> tags = new HashMap<>();
    tags.put("team", null);
    uai.getSpec().setTags(tags);

    reconcile(uai);

    assertThat(azure.calls).isEmpty();
    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(uai, "IdentityReady").getMessage())
        .contains("spec.tags: tag 'team' has no value (null)");
  }

  @Test
  void aRoleNameThatWouldRewriteTheTerminalShowsEscapedInStatusAndEvents() {
    var uai = resource("orders-api");
    uai.getSpec()
        .setRoleAssignments(List.of(new RoleAssignmentSpec("Reader\u202E\u2028Owner at /", RG)));

    reconcile(uai);

    assertThat(condition(uai, "RoleAssignmentsReady").getMessage())
        .contains("Failed 'Reader\\u202E\\u2028Owner at /' at " + RG)
        .contains("role 'Reader\\u202E\\u2028Owner at /' does not exist");
    assertThat(uai.getStatus().getRoleAssignments().get(0).getMessage())
        .doesNotContain("\u202E", "\u2028");
    assertThat(events.events)
        .anyMatch(e -> e.contains("Role 'Reader\\u202E\\u2028Owner at /'"))
        .allSatisfy(e -> assertThat(e).doesNotContain("\u202E", "\u2028"));
  }

  @Test
  void anInjectedEditOfAnAppliedIdentityChangesNothingInAzure() {
    var uai = resource("orders-api");
    uai.getSpec().setRoleAssignments(List.of(new RoleAssignmentSpec("Reader", RG)));
    reconcile(uai);
    assertThat(authorization.writes()).hasSize(1);
    authorization.calls.clear();

    uai.getSpec()
        .setRoleAssignments(List.of(new RoleAssignmentSpec("Reader", RG + "/../../providers")));
    uai.getMetadata().setGeneration(2L);
    reconcile(uai);

    assertThat(authorization.calls).isEmpty();
    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("InvalidSpec");
  }

  @Test
  void aDeletionPolicyThatIsNoNameDeletesNothing() {
    var uai = resource("orders-api");
    reconcile(uai);
    uai.getSpec().setDeletionPolicy("1");
    azure.calls.clear();

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();

    assertThat(azure.calls).isEmpty();
    assertThat(azure.find(REF)).isPresent();
    assertThat(events.events)
        .anyMatch(m -> m.contains("deletionPolicy '1' is not Delete or Orphan"));
  }

  @Test
  void anUnexpectedFailureReachesStatusWithoutExceptionClassOrStackTrace() {
    var uai = resource("orders-api");

    reconciler.updateErrorStatus(uai, null, new NullPointerException("boom"));

    Condition ready = condition(uai, "Ready");
    assertThat(ready.getReason()).isEqualTo("ReconcileError");
    assertThat(ready.getMessage())
        .doesNotContain("Exception")
        .doesNotContain("boom")
        .contains("operator's log");
    assertThat(failedPasses)
        .as("counted for the ReconcileErrors alert")
        .containsExactly("orders-api");
  }
}
