package dev.operators.identity.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResourceStateGaugesTest {

  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final AtomicReference<Instant> now = new AtomicReference<>(NOW);
  final ResourceStateGauges gauges =
      new ResourceStateGauges(
          registry,
          new Clock() {
            @Override
            public ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return now.get();
            }
          });

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

  @Test
  void theLongestNotReadyIdentityIsMeasuredFromItsReadyTransitionAndKeepsGrowingUntilItRecovers() {
    assertThat(longestNotReady()).isZero();
    gauges.reconciled(readySince("a", "True", NOW.minusSeconds(3600)));
    gauges.reconciled(readySince("b", "False", NOW.minusSeconds(600)));
    gauges.reconciled(readySince("c", "False", NOW.minusSeconds(60)));
    assertThat(longestNotReady()).as("b, not a: a is Ready").isEqualTo(600);

    now.set(NOW.plusSeconds(400));
    assertThat(longestNotReady()).as("grows between passes").isEqualTo(1000);

    // b moves from False to Unknown: still not Ready since the first transition
    gauges.reconciled(readySince("b", "Unknown", NOW.plusSeconds(300)));
    assertThat(longestNotReady()).isEqualTo(1000);

    gauges.reconciled(readySince("b", "True", NOW.plusSeconds(400)));
    assertThat(longestNotReady()).as("c is left").isEqualTo(460);
    gauges.removed(new ResourceID("c", "team"));
    assertThat(longestNotReady()).isZero();
  }

  @Test
  void anIdentityWithoutAReadyConditionIsNotReadySinceItWasCreated() {
    var uai = identity("new", null);
    uai.getMetadata().setCreationTimestamp(NOW.minusSeconds(120).toString());
    gauges.reconciled(uai);
    assertThat(longestNotReady()).isEqualTo(120);
  }

  @Test
  void unexpectedErrorsAreCountedFromZero() {
    assertThat(registry.get(ResourceStateGauges.RECONCILE_ERRORS).counter().count()).isZero();
    gauges.failed(identity("a", "False"));
    assertThat(registry.get(ResourceStateGauges.RECONCILE_ERRORS).counter().count()).isEqualTo(1);
  }

  double longestNotReady() {
    return registry.get(ResourceStateGauges.LONGEST_NOT_READY).gauge().value();
  }

  static UserAssignedIdentity readySince(String name, String ready, Instant since) {
    var uai = identity(name, ready);
    uai.getStatus().getConditions().get(0).setLastTransitionTime(since.toString());
    return uai;
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
