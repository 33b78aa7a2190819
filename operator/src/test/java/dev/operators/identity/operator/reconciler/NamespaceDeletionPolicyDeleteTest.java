package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import org.junit.jupiter.api.Test;

/** With OPERATOR_NAMESPACE_DELETION_POLICY=Delete, a namespace deletion deletes its identities. */
class NamespaceDeletionPolicyDeleteTest extends ReconcilerFixture {

  @Override
  DeletionPolicy namespaceDeletionPolicy() {
    return DeletionPolicy.Delete;
  }

  @Test
  void aResourceDeletedWithItsNamespaceDeletesItsIdentity() {
    var uai = resource("orders-api");
    reconcile(uai);
    namespaceTerminating = true;

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();

    assertThat(azure.find(REF)).isEmpty();
    assertThat(events.reasons()).contains("Normal Deleted");
  }
}
