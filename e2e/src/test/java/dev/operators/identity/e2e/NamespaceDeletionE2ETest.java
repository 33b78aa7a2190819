package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Deleting a namespace deletes its UserAssignedIdentity resources through their finalizers (the
 * embedded API cascades as a real one does); by default (OPERATOR_NAMESPACE_DELETION_POLICY Orphan)
 * that leaves their identities and role assignments in Azure.
 */
class NamespaceDeletionE2ETest extends E2EFixture {

  @Test
  void deletingANamespaceLeavesItsIdentitiesInAzureByDefault() {
    apply(identityWithReader("in-namespace"));
    awaitReady("in-namespace");
    long assignments = stack.emulator().control().roleAssignments().size();
    stack.emulator().control().clearRequests();

    stack.client().namespaces().withName(namespace).delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> stack.client().namespaces().withName(namespace).get() == null);
    assertThat(azureIdentity("in-namespace")).isPresent();
    assertThat(stack.emulator().control().roleAssignments()).hasSize((int) assignments);
    assertThat(stack.emulator().control().count("DELETE", "")).isZero();
  }
}
