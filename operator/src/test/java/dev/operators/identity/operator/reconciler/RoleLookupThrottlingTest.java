package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus.State;
import dev.operators.identity.operator.azure.AzureRequestException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A throttled role lookup, in the policy check (nothing is written yet) and in the role assignments
 * step: both wait as long as Azure asks.
 */
class RoleLookupThrottlingTest extends ReconcilerFixture {

  static final String RG_SCOPE = RoleAssignmentsReconcilerTest.RG_SCOPE;

  @Test
  void aThrottledPolicyLookupWritesNothingAndRetriesAfterRetryAfter() {
    var uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    authorization.fail(
        c -> c.startsWith("role-name"),
        new AzureRequestException(
            "look up", 429, "TooManyRequests", "slow", null, Duration.ofSeconds(30), null),
        1);

    var control = reconcile(uai);

    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(30).toMillis());
    assertThat(condition(uai, "PolicyCompliant").getReason()).isEqualTo("PolicyPending");
    assertThat(condition(uai, "Ready").getMessage()).contains("could not be looked up");
    assertThat(azure.writes()).isEmpty();

    reconcile(uai);
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void throttledResolutionRetriesAfterRetryAfter() {
    var uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    var lookups = new java.util.concurrent.atomic.AtomicInteger();
    // The policy's lookup (the first) succeeds; the role step's (the second) is throttled.
    authorization.fail(
        c -> c.startsWith("role-name") && lookups.incrementAndGet() == 2,
        new AzureRequestException(
            "look up", 429, "TooManyRequests", "slow", null, Duration.ofSeconds(30), null),
        1);

    var control = reconcile(uai);

    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(30).toMillis());
    assertThat(uai.getStatus().getRoleAssignments().get(0).getState()).isEqualTo(State.Pending);
  }
}
