package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deleting the CRD deletes every resource of the kind: the operator deletes nothing in Azure. */
class CrdDeletionSafetyTest extends ReconcilerFixture {

  private static final String RG = "/subscriptions/" + SUB + "/resourceGroups/rg-data";

  @Test
  void aResourceDeletedWithItsCrdLeavesAzureAsItIs() {
    var uai = resource("orders-api");
    uai.getSpec().setRoleAssignments(List.of(new RoleAssignmentSpec("Reader", RG)));
    reconcile(uai);
    azure.calls.clear();
    authorization.calls.clear();
    crdTerminating = true;

    var control = reconciler.cleanup(uai, null);

    assertThat(control.isRemoveFinalizer()).isTrue();
    assertThat(azure.writes()).isEmpty();
    assertThat(authorization.writes()).isEmpty();
    assertThat(azure.find(REF)).isPresent();
    assertThat(events.events)
        .anyMatch(e -> e.startsWith("Warning Orphaned") && e.contains("CRD is being deleted"));
  }

  @Test
  void whenTheCrdCannotBeReadNothingIsDeletedAndTheFinalizerStays() {
    var uai = resource("orders-api");
    reconcile(uai);
    azure.calls.clear();
    var unreadable =
        reconcilerWith(
            new ClusterState() {
              @Override
              public boolean crdTerminating() {
                throw new IllegalStateException(
                    "cannot read the CustomResourceDefinition (HTTP 403)");
              }

              @Override
              public boolean namespaceTerminating(String namespace) {
                return false;
              }
            });

    var control = unreadable.cleanup(uai, null);

    assertThat(control.isRemoveFinalizer()).isFalse();
    assertThat(azure.writes()).isEmpty();
    assertThat(azure.find(REF)).isPresent();
    assertThat(events.events).anyMatch(e -> e.startsWith("Warning DeletionDeferred"));
  }

  @Test
  void aResourceDeletedWithItsNamespaceLeavesAzureByDefault() {
    var uai = resource("orders-api");
    reconcile(uai);
    azure.calls.clear();
    namespaceTerminating = true;

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();

    assertThat(azure.writes()).isEmpty();
    assertThat(azure.find(REF)).isPresent();
    assertThat(events.events)
        .anyMatch(
            e -> e.startsWith("Warning Orphaned") && e.contains("namespace is being deleted"));
  }
}
