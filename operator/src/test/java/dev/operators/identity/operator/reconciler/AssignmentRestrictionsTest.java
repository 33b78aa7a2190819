package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AssigneeStatus.State;
import dev.operators.identity.api.v1alpha1.AssignmentRestrictionsSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Which resources may carry the identity: written to Azure, and enforced before any attach. */
class AssignmentRestrictionsTest extends ReconcilerFixture {

  static final String RG = "/subscriptions/" + SUB + "/resourceGroups/rg-orders/providers/";
  static final String VM = RG + "Microsoft.Compute/virtualMachines/vm-1";
  static final String APP = RG + "Microsoft.Web/sites/orders-app";

  UserAssignedIdentity restrictedTo(List<String> providers, String... assigneeIds) {
    var uai = resource("orders-api");
    var restrictions = new AssignmentRestrictionsSpec();
    restrictions.setProviders(providers);
    uai.getSpec().setAssignmentRestrictions(restrictions);
    uai.getSpec().setAssignees(Stream.of(assigneeIds).map(AssigneeSpec::new).toList());
    return uai;
  }

  @Test
  void declaredRestrictionsAreWrittenOnceAndAnAssigneeOutsideThemIsRefusedBeforeAnyWrite() {
    assignees.add(VM, "Microsoft.Compute/virtualMachines", "eastus", null);
    assignees.add(APP, "Microsoft.Web/sites", "eastus", null);
    var uai = restrictedTo(List.of("Microsoft.Compute"), VM, APP);

    reconcile(uai);

    assertThat(restrictions.of(REF)).containsExactly("Microsoft.Compute");
    assertThat(assignees.get(VM).carries(uai.getStatus().getResourceId())).isTrue();
    assertThat(assignees.writes()).containsExactly("attach " + VM);
    var refused = uai.getStatus().getAssignees().get(1);
    assertThat(refused.getState()).isEqualTo(State.Refused);
    assertThat(refused.getMessage())
        .isEqualTo(
            "assignment restrictions: "
                + APP
                + " is a Microsoft.Web/sites, and spec.assignmentRestrictions.providers allows"
                + " only Microsoft.Compute");
    assertThat(condition(uai, "AssignmentRestrictionsReady").getStatus()).isEqualTo("True");

    restrictions.calls.clear();
    reconcile(uai);
    assertThat(restrictions.calls).containsExactly("get orders-api");
  }

  @Test
  void aProviderCannotBeRemovedWhileAnAssigneeOfItIsAttached() {
    assignees.add(APP, "Microsoft.Web/sites", "eastus", null);
    var uai = restrictedTo(List.of("Microsoft.Web/sites"), APP);
    reconcile(uai);

    uai.getSpec().getAssignmentRestrictions().setProviders(List.of("Microsoft.Compute"));
    reconcile(uai);

    assertThat(restrictions.of(REF)).containsExactly("Microsoft.Web/sites");
    assertThat(condition(uai, "AssignmentRestrictionsReady").getReason())
        .isEqualTo("RestrictionChangeRefused");
    assertThat(condition(uai, "AssignmentRestrictionsReady").getMessage()).contains(APP);
    assertThat(assignees.get(APP).carries(uai.getStatus().getResourceId())).isTrue();

    uai.getSpec().setAssignees(List.of());
    reconcile(uai);
    reconcile(uai);
    assertThat(assignees.get(APP).carries(uai.getStatus().getResourceId())).isFalse();
    assertThat(restrictions.of(REF)).containsExactly("Microsoft.Compute");
  }

  @Test
  void withoutRestrictionsInTheSpecAzuresAreLeftAlone() {
    reconcile(resource("orders-api"));

    assertThat(restrictions.calls).isEmpty();
  }

  @Test
  void theRuleMatchesProvidersAndTypesWithoutRegardToCase() {
    assertThat(AssignmentRestrictions.allows(List.of(), "Microsoft.Web/sites")).isTrue();
    assertThat(
            AssignmentRestrictions.allows(
                List.of("microsoft.compute"), "Microsoft.Compute/virtualMachines"))
        .isTrue();
    assertThat(
            AssignmentRestrictions.allows(
                List.of("Microsoft.Compute/virtualMachines"),
                "Microsoft.Compute/virtualMachineScaleSets"))
        .isFalse();
    assertThat(
            AssignmentRestrictions.allows(
                List.of("Microsoft.Comp"), "Microsoft.Compute/virtualMachines"))
        .isFalse();
    assertThat(AssignmentRestrictions.allows(List.of("Microsoft.Compute"), null)).isFalse();
  }
}
