package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.operator.reconciler.KubernetesClusterState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deleting the CRD deletes every UserAssignedIdentity through its finalizer (the embedded API
 * cascades as a real one does): the operator sees its CRD terminating and deletes nothing in Azure
 * (Crossplane provider-azure 215 deleted whole estates that way).
 */
class CrdDeletionE2ETest extends E2EFixture {

  @Test
  void deletingTheCrdLeavesEveryIdentityAndRoleAssignmentInAzure() {
    for (String name : List.of("kept-1", "kept-2")) {
      apply(identityWithReader(name));
    }
    awaitReady("kept-1");
    awaitReady("kept-2");
    long assignments = stack.emulator().control().roleAssignments().size();
    stack.emulator().control().clearRequests();

    var crds = stack.client().apiextensions().v1().customResourceDefinitions();
    crds.withName(KubernetesClusterState.CRD_NAME).delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> crds.withName(KubernetesClusterState.CRD_NAME).get() == null);
    assertThat(azureIdentity("kept-1")).isPresent();
    assertThat(azureIdentity("kept-2")).isPresent();
    assertThat(stack.emulator().control().roleAssignments()).hasSize((int) assignments);
    assertThat(stack.emulator().control().count("DELETE", "")).isZero();
    assertThat(stack.emulator().control().count("PATCH", "")).isZero();
    assertThat(events("kept-1"))
        .anyMatch(e -> e.startsWith("Warning Orphaned") && e.contains("CRD is being deleted"));
  }
}
