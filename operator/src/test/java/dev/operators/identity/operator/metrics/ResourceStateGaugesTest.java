package dev.operators.identity.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceStateGaugesTest {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ResourceStateGauges gauges = new ResourceStateGauges(registry);

  @Test
  void countsEachResourceWithItsLatestStatusUntilItIsRemoved() {
    gauges.reconciled(identity("a", "True", RoleAssignmentStatus.State.Ready));
    gauges.reconciled(
        identity(
            "b", "False", RoleAssignmentStatus.State.Ready, RoleAssignmentStatus.State.Failed));
    gauges.reconciled(identity("c", null));

    assertThat(gauge(ResourceStateGauges.IDENTITIES, "ready", "True")).isEqualTo(1);
    assertThat(gauge(ResourceStateGauges.IDENTITIES, "ready", "False")).isEqualTo(1);
    assertThat(gauge(ResourceStateGauges.IDENTITIES, "ready", "Unknown")).isEqualTo(1);
    assertThat(gauge(ResourceStateGauges.ROLE_ASSIGNMENTS, "state", "Ready")).isEqualTo(2);
    assertThat(gauge(ResourceStateGauges.ROLE_ASSIGNMENTS, "state", "Failed")).isEqualTo(1);
    assertThat(gauge(ResourceStateGauges.ROLE_ASSIGNMENTS, "state", "Pending")).isZero();

    // b recovers; a goes away
    gauges.reconciled(
        identity("b", "True", RoleAssignmentStatus.State.Ready, RoleAssignmentStatus.State.Ready));
    gauges.removed(new ResourceID("a", "team"));

    assertThat(gauge(ResourceStateGauges.IDENTITIES, "ready", "True")).isEqualTo(1);
    assertThat(gauge(ResourceStateGauges.IDENTITIES, "ready", "False")).isZero();
    assertThat(gauge(ResourceStateGauges.ROLE_ASSIGNMENTS, "state", "Ready")).isEqualTo(2);
    assertThat(gauge(ResourceStateGauges.ROLE_ASSIGNMENTS, "state", "Failed")).isZero();
  }

  @Test
  void statesAreRegisteredWithZeroBeforeAnythingIsReconciled() {
    assertThat(gauge(ResourceStateGauges.IDENTITIES, "ready", "True")).isZero();
    assertThat(gauge(ResourceStateGauges.ROLE_ASSIGNMENTS, "state", "Pending")).isZero();
  }

  double gauge(String name, String tag, String value) {
    return registry.get(name).tag(tag, value).gauge().value();
  }

  static UserAssignedIdentity identity(
      String name, String ready, RoleAssignmentStatus.State... roleStates) {
    var uai = new UserAssignedIdentity();
    uai.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team").build());
    var status = new UserAssignedIdentityStatus();
    if (ready != null) {
      status.setConditions(
          List.of(new ConditionBuilder().withType("Ready").withStatus(ready).build()));
    }
    status.setRoleAssignments(
        Arrays.stream(roleStates)
            .map(
                state -> {
                  var role = new RoleAssignmentStatus();
                  role.setState(state);
                  return role;
                })
            .toList());
    uai.setStatus(status);
    return uai;
  }
}
