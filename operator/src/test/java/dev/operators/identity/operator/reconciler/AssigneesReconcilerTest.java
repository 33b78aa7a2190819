package dev.operators.identity.operator.reconciler;

import static dev.operators.identity.operator.reconciler.InMemoryAuthorization.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.AssigneeStatus.State;
import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AssigneesReconcilerTest extends ReconcilerFixture {

  static final String RG = "/subscriptions/" + SUB + "/resourceGroups/rg-orders/providers/";
  static final String VM = RG + "Microsoft.Compute/virtualMachines/vm-1";
  static final String APP = RG + "Microsoft.Web/sites/orders-app";
  static final String WEU_APP = RG + "Microsoft.App/containerApps/orders-weu";
  static final String OTHER_IDENTITY =
      RG + "Microsoft.ManagedIdentity/userAssignedIdentities/someone-elses";

  UserAssignedIdentity attachedTo(String... resourceIds) {
    var uai = resource("orders-api");
    uai.getSpec().setAssignees(Stream.of(resourceIds).map(AssigneeSpec::new).toList());
    return uai;
  }

  String identityId(UserAssignedIdentity uai) {
    return uai.getStatus().getResourceId();
  }

  AssigneeStatus entry(UserAssignedIdentity uai, String resourceId) {
    return uai.getStatus().getAssignees().stream()
        .filter(a -> a.getResourceId().equals(resourceId))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void attachesThroughTheIdentityBlockKeepingEveryOtherIdentity() {
    assignees.add(VM, "Microsoft.Compute/virtualMachines", "eastus", null);
    assignees.add(APP, "Microsoft.Web/sites", "eastus", "SystemAssigned");
    var uai = attachedTo(VM, APP);

    reconcile(uai);

    assertThat(assignees.get(VM).identityType()).isEqualTo("UserAssigned");
    assertThat(assignees.get(VM).carries(identityId(uai))).isTrue();
    assertThat(assignees.get(APP).identityType()).isEqualTo("SystemAssigned, UserAssigned");
    assertThat(entry(uai, VM).getState()).isEqualTo(State.Attached);
    assertThat(entry(uai, VM).getResourceType()).isEqualTo("Microsoft.Compute/virtualMachines");
    assertThat(entry(uai, VM).getLocation()).isEqualTo("eastus");
    assertThat(condition(uai, "AssigneesReady").getStatus()).isEqualTo("True");
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
    assertThat(events.reasons()).filteredOn(r -> r.endsWith("Attached")).hasSize(2);

    assignees.calls.clear();
    reconcile(uai);
    assertThat(assignees.writes()).isEmpty();
  }

  @Test
  void removingAnAssigneeDetachesOnlyThisIdentity() {
    assignees.add(
        VM,
        "Microsoft.Compute/virtualMachines",
        "eastus",
        "SystemAssigned, UserAssigned",
        OTHER_IDENTITY);
    assignees.add(APP, "Microsoft.Web/sites", "eastus", null);
    var uai = attachedTo(VM, APP);
    reconcile(uai);

    uai.getSpec().setAssignees(List.of());
    reconcile(uai);

    assertThat(assignees.get(VM).userAssignedIdentityIds()).containsExactly(OTHER_IDENTITY);
    assertThat(assignees.get(VM).identityType()).isEqualTo("SystemAssigned, UserAssigned");
    assertThat(assignees.get(APP).userAssignedIdentityIds()).isEmpty();
    assertThat(assignees.get(APP).identityType()).isEqualTo("None");
    assertThat(uai.getStatus().getAssignees()).isEmpty();
    assertThat(events.reasons()).filteredOn(r -> r.endsWith("Detached")).hasSize(2);
  }

  @Test
  void aRegionalIdentityIsRefusedOutsideItsRegionBeforeAnyWrite() {
    assignees.add(VM, "Microsoft.Compute/virtualMachines", "eastus", null);
    assignees.add(WEU_APP, "Microsoft.App/containerApps", "westeurope", null);
    var uai = attachedTo(VM, WEU_APP);
    uai.getSpec().setIsolationScope(IsolationScope.Regional.name());

    reconcile(uai);

    AssigneeStatus refused = entry(uai, WEU_APP);
    assertThat(refused.getState()).isEqualTo(State.Refused);
    assertThat(refused.getMessage())
        .contains(WEU_APP)
        .contains("westeurope")
        .contains("Regional in eastus");
    assertThat(assignees.writes()).containsExactly("attach " + VM);
    assertThat(entry(uai, VM).getState()).isEqualTo(State.Attached);
    assertThat(condition(uai, "AssigneesReady").getStatus()).isEqualTo("False");
    assertThat(condition(uai, "AssigneesReady").getReason()).isEqualTo("AssigneesNotReady");
    assertThat(events.reasons()).contains("Warning AssigneeRefused");
  }

  @Test
  void switchingToRegionalWithAssigneesElsewhereIsRefusedChangingNothing() {
    assignees.add(WEU_APP, "Microsoft.App/containerApps", "westeurope", null);
    var uai = attachedTo(WEU_APP);
    reconcile(uai);
    azure.calls.clear();

    uai.getSpec().setIsolationScope(IsolationScope.Regional.name());
    reconcile(uai);

    assertThat(azure.writes()).isEmpty();
    assertThat(azure.find(REF).orElseThrow().isolationScope()).isEqualTo(IsolationScope.None);
    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("IsolationChangeRefused");
    assertThat(condition(uai, "IdentityReady").getMessage())
        .contains(WEU_APP)
        .contains("westeurope");
    assertThat(assignees.get(WEU_APP).carries(identityId(uai))).isTrue();
  }

  @Test
  void aSecondUserIdentityWithoutASystemOneIsReportedAsAmbiguous() {
    assignees.add(
        VM, "Microsoft.Compute/virtualMachines", "eastus", "UserAssigned", OTHER_IDENTITY);
    var uai = attachedTo(VM);

    reconcile(uai);

    var ambiguous = condition(uai, "AmbiguousDefaultIdentity");
    assertThat(ambiguous.getStatus()).isEqualTo("True");
    assertThat(ambiguous.getMessage()).contains(VM).contains("client ID");
    assertThat(events.reasons()).containsOnlyOnce("Warning AmbiguousDefaultIdentity");
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void aTypeTheSupportTableRulesOutIsWarnedAboutAndAzureDecides() {
    String arc = RG + "Microsoft.Kubernetes/connectedClusters/edge-1";
    assignees.add(arc, "Microsoft.Kubernetes/connectedClusters", "eastus", null);
    var uai = attachedTo(arc);

    reconcile(uai);

    assertThat(entry(uai, arc).getMessage())
        .contains("not supporting user-assigned identities in AzureCloud");
    assertThat(assignees.writes()).containsExactly("attach " + arc);
    assertThat(events.reasons()).containsOnlyOnce("Warning UnsupportedAssignee");

    reconcile(uai);
    assertThat(events.reasons()).containsOnlyOnce("Warning UnsupportedAssignee");
  }

  @Test
  void aMissingResourceIsReportedWithoutBlockingTheOthers() {
    assignees.add(VM, "Microsoft.Compute/virtualMachines", "eastus", null);
    var uai = attachedTo(APP, VM);

    reconcile(uai);

    assertThat(entry(uai, APP).getState()).isEqualTo(State.Missing);
    assertThat(entry(uai, VM).getState()).isEqualTo(State.Attached);
    assertThat(condition(uai, "AssigneesReady").getReason()).isEqualTo("AssigneesNotReady");
    assertThat(events.reasons()).contains("Warning AssigneeMissing");
  }

  @Test
  void anIdentityDetachedOutOfBandIsAttachedAgain() {
    assignees.add(VM, "Microsoft.Compute/virtualMachines", "eastus", null);
    var uai = attachedTo(VM);
    reconcile(uai);
    assignees.detach(VM, identityId(uai));

    reconcile(uai);

    assertThat(assignees.get(VM).carries(identityId(uai))).isTrue();
  }

  @Test
  void transientFailuresArePendingAndRetried() {
    assignees.add(VM, "Microsoft.Compute/virtualMachines", "eastus", null);
    assignees.failOn("attach", error(503, "ServiceUnavailable", "busy"));
    var uai = attachedTo(VM);

    var control = reconcile(uai);

    assertThat(entry(uai, VM).getState()).isEqualTo(State.Pending);
    assertThat(control.getScheduleDelay().orElseThrow()).isLessThan(RESYNC.toMillis());
    reconcile(uai);
    assertThat(entry(uai, VM).getState()).isEqualTo(State.Attached);
  }

  @Test
  void deletionDetachesBeforeDeletingTheIdentityAndOrphanLeavesItAttached() {
    assignees.add(VM, "Microsoft.Compute/virtualMachines", "eastus", null);
    var uai = attachedTo(VM);
    reconcile(uai);
    String identity = identityId(uai);

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();
    assertThat(assignees.get(VM).carries(identity)).isFalse();
    assertThat(azure.find(REF)).isEmpty();

    var orphan = attachedTo(VM);
    orphan.getSpec().setDeletionPolicy(DeletionPolicy.Orphan.name());
    reconcile(orphan);
    assertThat(reconciler.cleanup(orphan, null).isRemoveFinalizer()).isTrue();
    assertThat(assignees.get(VM).carries(identityId(orphan))).isTrue();
  }
}
