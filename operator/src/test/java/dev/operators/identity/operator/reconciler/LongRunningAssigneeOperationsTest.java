package dev.operators.identity.operator.reconciler;

import static dev.operators.identity.operator.reconciler.InMemoryAuthorization.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.AssigneeStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An attach or detach that Azure carries out as a long-running operation is recorded in status and
 * checked on later passes: no reconcile waits for it.
 */
class LongRunningAssigneeOperationsTest extends ReconcilerFixture {

  static final String VM =
      "/subscriptions/"
          + SUB
          + "/resourceGroups/rg-orders/providers/Microsoft.Compute/virtualMachines/vm-1";

  UserAssignedIdentity uai;

  @BeforeEach
  void anIdentityDeclaredOnAVirtualMachine() {
    assignees.add(VM, "Microsoft.Compute/virtualMachines", "eastus", null);
    uai = resource("orders-api");
    uai.getSpec().setAssignees(List.of(new AssigneeSpec(VM)));
  }

  AssigneeStatus entry() {
    return uai.getStatus().getAssignees().stream()
        .filter(a -> a.getResourceId().equals(VM))
        .findFirst()
        .orElseThrow();
  }

  String identityId() {
    return uai.getStatus().getResourceId();
  }

  @Test
  void aRunningAttachIsRecordedAndCheckedOnLaterPassesWithoutAnotherWrite() {
    assignees.holdOperations();

    var first = reconcile(uai);

    assertThat(entry().getState()).isEqualTo(State.Pending);
    assertThat(entry().getOperation().getAction()).isEqualTo("Attach");
    assertThat(entry().getOperation().getPollHeader()).isEqualTo("Azure-AsyncOperation");
    assertThat(entry().getMessage()).contains("long-running operation");
    assertThat(condition(uai, "AssigneesReady").getReason()).isEqualTo("AssigneesPending");
    assertThat(condition(uai, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(first.getScheduleDelay()).hasValueSatisfying(d -> assertThat(d).isPositive());
    String started = entry().getOperation().getStartedAt();

    assignees.calls.clear();
    reconcile(uai);
    assertThat(assignees.calls).containsExactly("check " + VM);
    assertThat(entry().getOperation().getStartedAt()).isEqualTo(started);

    assignees.completeOperations();
    reconcile(uai);
    assertThat(entry().getState()).isEqualTo(State.Attached);
    assertThat(entry().getOperation()).isNull();
    assertThat(assignees.get(VM).carries(identityId())).isTrue();
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void aFailedOperationReportsAzuresErrorAndTheNextPassTriesAgain() {
    assignees.holdOperations();
    reconcile(uai);

    assignees.failOperations(
        error(400, "VMAgentStatusCommunicationError", "the VM agent is not reachable"));
    reconcile(uai);
    assertThat(entry().getState()).isEqualTo(State.Failed);
    assertThat(entry().getMessage()).contains("VMAgentStatusCommunicationError");
    assertThat(entry().getOperation()).isNull();
    assertThat(events.reasons()).contains("Warning AssigneeFailed");

    reconcile(uai);
    assertThat(entry().getState()).isEqualTo(State.Attached);
  }

  @Test
  void aRunningDetachOfARemovedAssigneeKeepsItListedUntilItIsDone() {
    reconcile(uai);
    assignees.holdOperations();

    uai.getSpec().setAssignees(List.of());
    reconcile(uai);
    assertThat(entry().getOperation().getAction()).isEqualTo("Detach");
    assertThat(entry().getMessage()).startsWith("removed from spec, detaching: ");

    assignees.completeOperations();
    reconcile(uai);
    assertThat(uai.getStatus().getAssignees()).isEmpty();
    assertThat(assignees.get(VM).carries(identityId())).isFalse();
  }

  @Test
  void deletionKeepsTheFinalizerAndTheIdentityWhileADetachRuns() {
    reconcile(uai);
    assignees.holdOperations();

    var control = reconciler.cleanup(uai, null);
    assertThat(control.isRemoveFinalizer()).isFalse();
    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(3).toMillis());
    assertThat(azure.find(REF)).isPresent();
    assertThat(statusWrites.get(0).getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("Detaching"));

    assignees.completeOperations();
    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();
    assertThat(azure.find(REF)).isEmpty();
  }
}
