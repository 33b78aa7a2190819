package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.AssigneeStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A long-running Azure operation holds up no reconcile thread: attaches that Azure keeps open, as
 * many as the operator has threads, and another resource still converges meanwhile.
 */
class LongRunningOperationsE2ETest extends E2EFixture {

  /** The e2e operator's reconcile threads (EmbeddedStack.operatorConfig). */
  static final int RECONCILE_THREADS = 4;

  static final Duration HELD = Duration.ofMinutes(10);

  String vm(String name) throws Exception {
    String id =
        "/subscriptions/"
            + sub
            + "/resourceGroups/"
            + RG
            + "/providers/Microsoft.Compute/virtualMachines/"
            + name;
    stack.emulator().control().putResource(id, JSON.readTree("{\"location\":\"eastus\"}"));
    return id;
  }

  AssigneeStatus onlyAssignee(String name) {
    UserAssignedIdentity uai = cr(name).get();
    assertThat(uai.getStatus()).isNotNull();
    assertThat(uai.getStatus().getAssignees()).hasSize(1);
    return uai.getStatus().getAssignees().get(0);
  }

  @Test
  void operationsAzureKeepsOpenHoldUpNoOtherResource() throws Exception {
    stack.emulator().control().setAsyncOperationDuration(HELD);
    List<String> held = new ArrayList<>();
    List<String> machines = new ArrayList<>();
    for (int i = 0; i < RECONCILE_THREADS; i++) {
      String name = "held-" + i;
      String machine = vm("vm-held-" + i);
      UserAssignedIdentity uai = identity(name, "eastus");
      uai.getSpec().setAssignees(List.of(new AssigneeSpec(machine)));
      apply(uai);
      held.add(name);
      machines.add(machine);
    }
    for (String name : held) {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                AssigneeStatus entry = onlyAssignee(name);
                assertThat(entry.getState()).isEqualTo(State.Pending);
                assertThat(entry.getOperation()).isNotNull();
                assertThat(entry.getOperation().getAction()).isEqualTo("Attach");
              });
    }

    // Every reconcile thread has had an open operation; another resource converges regardless.
    apply(identityWithReader("free"));
    awaitReady("free");
    for (String name : held) {
      assertThat(onlyAssignee(name).getState()).isEqualTo(State.Pending);
    }

    stack.emulator().control().setAsyncOperationDuration(Duration.ZERO);
    clock.moveAhead(HELD);
    for (int i = 0; i < held.size(); i++) {
      awaitReady(held.get(i));
      assertThat(onlyAssignee(held.get(i)).getState()).isEqualTo(State.Attached);
      assertThat(onlyAssignee(held.get(i)).getOperation()).isNull();
      String identityId = cr(held.get(i)).get().getStatus().getResourceId();
      List<String> onMachine = new ArrayList<>();
      stack
          .emulator()
          .control()
          .getResource(machines.get(i))
          .orElseThrow()
          .path("identity")
          .path("userAssignedIdentities")
          .fieldNames()
          .forEachRemaining(id -> onMachine.add(id.toLowerCase(Locale.ROOT)));
      assertThat(onMachine).contains(identityId.toLowerCase(Locale.ROOT));
    }
  }
}
