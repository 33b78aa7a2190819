package dev.operators.identity.operator.reconciler;

import static dev.operators.identity.operator.reconciler.InMemoryAuthorization.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.Test;

/** While a deletion waits (Azure failing, the cluster unreadable), the status says why. */
class DeletionStatusTest extends ReconcilerFixture {

  static Condition lastWritten(UserAssignedIdentity uai, String type) {
    return uai.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aDeletionAzureRefusesKeepsTheFinalizerAndSaysWhyInStatusOnce() {
    var uai = resource("orders-api");
    reconcile(uai);
    azure.failOn("delete", error(503, "ServiceUnavailable", "try later"));

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isFalse();

    assertThat(statusWrites).hasSize(1);
    Condition ready = lastWritten(statusWrites.get(0), "Ready");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("AzureUnavailable");
    assertThat(ready.getMessage()).startsWith("Deleting: ").contains("ServiceUnavailable");
    assertThat(lastWritten(statusWrites.get(0), "Reconciling").getStatus()).isEqualTo("True");

    // The same failure again changes nothing in status: no second write.
    azure.failOn("delete", error(503, "ServiceUnavailable", "try later"));
    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isFalse();
    assertThat(statusWrites).hasSize(1);

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();
    assertThat(azure.find(REF)).isEmpty();
  }

  @Test
  void aClusterStateThatCannotBeReadDefersTheDeletionAndSaysSo() {
    var uai = resource("orders-api");
    reconcile(uai);
    reconciler =
        reconcilerWith(
            new ClusterState() {
              @Override
              public boolean crdTerminating() {
                throw new IllegalStateException("could not read the CRD: forbidden");
              }

              @Override
              public boolean namespaceTerminating(String namespace) {
                return false;
              }
            });

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isFalse();

    Condition ready = lastWritten(statusWrites.get(0), "Ready");
    assertThat(ready.getReason()).isEqualTo("DeletionDeferred");
    assertThat(ready.getMessage())
        .contains("could not read the CRD")
        .contains("nothing was deleted");
    assertThat(azure.find(REF)).isPresent();
  }

  @Test
  void aDeletionThatSucceedsWritesNoStatus() {
    var uai = resource("orders-api");
    reconcile(uai);

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();
    assertThat(statusWrites).isEmpty();
  }
}
