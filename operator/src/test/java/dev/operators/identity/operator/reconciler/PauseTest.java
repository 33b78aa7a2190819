package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The paused annotation stops every Azure call for one resource, reads included, and holds its
 * deletion; the operator's dry-run switch does the same for all; status says so once.
 */
class PauseTest extends ReconcilerFixture {

  static final String RG_SCOPE = "/subscriptions/" + SUB + "/resourceGroups/rg-data";

  @Test
  void aPausedResourceCausesNoAzureCallUntilTheAnnotationGoes() {
    UserAssignedIdentity uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    annotate(uai, "true");

    reconcile(uai);
    reconcile(uai);

    assertThat(azureCalls()).as("no Azure call, not even a read").isEmpty();
    assertThat(condition(uai, "Paused").getStatus()).isEqualTo("True");
    assertThat(condition(uai, "Paused").getMessage()).contains("identity.operators.dev/paused");
    assertThat(events.reasons()).containsOnlyOnce("Normal Paused");

    annotate(uai, null);
    reconcile(uai);

    assertThat(condition(uai, "Paused").getStatus()).isEqualTo("False");
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
    assertThat(authorization.of(uai.getStatus().getPrincipalId())).hasSize(1);
  }

  @Test
  void pausingAReadyResourceKeepsWhatItHasAndItsDeletionWaits() {
    UserAssignedIdentity uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    reconcile(uai);
    String principal = uai.getStatus().getPrincipalId();
    annotate(uai, "true");
    reconcile(uai);
    clearCalls();

    uai.getMetadata().setDeletionTimestamp("2026-12-01T00:00:00Z");
    var control = reconciler.cleanup(uai, null);

    assertThat(control.isRemoveFinalizer()).isFalse();
    assertThat(azureCalls()).isEmpty();
    assertThat(authorization.of(principal)).hasSize(1);
    assertThat(azure.store).hasSize(1);
    assertThat(statusWrites.get(statusWrites.size() - 1).getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getMessage()).startsWith("Deleting: The annotation");
            });

    annotate(uai, null);
    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();
    assertThat(azure.store).isEmpty();
  }

  @Nested
  class DryRun extends ReconcilerFixture {
    @Override
    boolean dryRun() {
      return true;
    }

    @Test
    void noResourceCausesAnAzureCall() {
      UserAssignedIdentity uai = resource("dry");
      uai.getSpec().setRoleAssignments(List.of(new RoleAssignmentSpec("Reader", RG_SCOPE)));

      reconciler.reconcile(uai, null);

      assertThat(azure.calls).isEmpty();
      assertThat(authorization.calls).isEmpty();
      assertThat(assignees.calls).isEmpty();
      assertThat(condition(uai, "Paused").getMessage()).contains("OPERATOR_DRY_RUN");
    }
  }

  private static void annotate(UserAssignedIdentity uai, String value) {
    Map<String, String> annotations =
        uai.getMetadata().getAnnotations() == null
            ? new HashMap<>()
            : new HashMap<>(uai.getMetadata().getAnnotations());
    if (value == null) {
      annotations.remove(UserAssignedIdentity.PAUSED_ANNOTATION);
    } else {
      annotations.put(UserAssignedIdentity.PAUSED_ANNOTATION, value);
    }
    uai.getMetadata().setAnnotations(annotations);
  }

  private List<String> azureCalls() {
    return java.util.stream.Stream.of(azure.calls, authorization.calls, assignees.calls)
        .flatMap(List::stream)
        .toList();
  }

  private void clearCalls() {
    azure.calls.clear();
    authorization.calls.clear();
    assignees.calls.clear();
  }
}
