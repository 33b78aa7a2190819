package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.PlannedChange;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Observe and Plan write nothing and show what Manage would do; a switch to Manage does exactly
 * that; an adoption that would delete waits for approval; Observe and Plan deletions leave Azure.
 */
class ManagementModesTest extends ReconcilerFixture {

  static final String RG_SCOPE = "/subscriptions/" + SUB + "/resourceGroups/rg-data";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  @Test
  void planWritesNothingAndListsEveryWriteThatManageThenMakes() {
    UserAssignedIdentity uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    uai.getSpec().setManagementPolicy("Plan");

    reconcile(uai);
    reconcile(uai);

    assertThat(azure.writes()).isEmpty();
    assertThat(authorization.writes()).isEmpty();
    var plan = uai.getStatus().getPlan();
    assertThat(plan.getReason()).isEqualTo("Plan");
    assertThat(plan.getChanges())
        .extracting(PlannedChange::getAction, PlannedChange::getKind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Create", "Identity"),
            org.assertj.core.groups.Tuple.tuple("Create", "RoleAssignment"));
    assertThat(plan.getDigest()).hasSize(64);
    assertThat(condition(uai, "Ready").getReason()).isEqualTo("ChangesPlanned");
    assertThat(condition(uai, "Stalled").getStatus()).isEqualTo("False");
    assertThat(condition(uai, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(events.reasons()).containsOnlyOnce("Normal ChangesPlanned");
    assertThat(uai.getStatus().getRoleAssignments().get(0).getState().name()).isEqualTo("Planned");

    uai.getSpec().setManagementPolicy("Manage");
    uai.getMetadata().setGeneration(2L);
    reconcile(uai);

    assertThat(azure.writes()).hasSize(1).allMatch(w -> w.startsWith("put"));
    assertThat(authorization.writes()).hasSize(1).allMatch(w -> w.startsWith("create"));
    assertThat(uai.getStatus().getPlan()).isNull();
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
    assertThat(events.reasons()).contains("Normal PlanApproved", "Normal Created");
  }

  @Test
  void observeReportsAnExistingIdentityAndItsDriftAndItsDeletionLeavesAzure() {
    UserAssignedIdentity uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    reconcile(uai);
    String principal = uai.getStatus().getPrincipalId();
    var extra = authorization.addOutOfBand(RG_SCOPE, READER.replace('7', '8'), principal);
    uai.getSpec().setManagementPolicy("Observe");
    uai.getMetadata().setGeneration(2L);
    int writes = authorization.writes().size();

    reconcile(uai);

    assertThat(authorization.writes()).hasSize(writes);
    assertThat(uai.getStatus().getPrincipalId()).isEqualTo(principal);
    assertThat(uai.getStatus().getPlan().getChanges())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getAction()).isEqualTo("Delete");
              assertThat(c.getTarget()).isEqualTo(extra.id());
            });
    assertThat(condition(uai, "Ready").getMessage()).startsWith("Observe mode: Azure differs");

    uai.getMetadata().setDeletionTimestamp("2026-12-01T00:00:00Z");
    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();
    assertThat(azure.store).hasSize(1);
    assertThat(authorization.of(principal)).hasSize(2);
    assertThat(events.reasons()).contains("Normal Orphaned");
  }

  @Test
  void anAdoptionThatWouldDeleteWaitsForTheApprovalOfExactlyThatPlan() {
    var seeded = azure.seed(REF, "eastus", Map.of("team", "orders"));
    var foreign = authorization.addOutOfBand(RG_SCOPE, READER, seeded.principalId());
    UserAssignedIdentity uai = resource("orders-api");
    annotate(uai, UserAssignedIdentity.ADOPT_ANNOTATION, "true");

    reconcile(uai);
    reconcile(uai);

    assertThat(azure.writes()).isEmpty();
    assertThat(authorization.writes()).isEmpty();
    var plan = uai.getStatus().getPlan();
    assertThat(plan.getReason()).isEqualTo("AdoptionPending");
    assertThat(plan.getChanges())
        .extracting(PlannedChange::getAction)
        .containsExactly("Adopt", "Delete");
    assertThat(condition(uai, "Ready").getReason()).isEqualTo("AwaitingApproval");
    assertThat(events.reasons()).containsOnlyOnce("Normal ApprovalRequired");

    annotate(uai, UserAssignedIdentity.APPROVE_PLAN_ANNOTATION, "not-the-digest");
    reconcile(uai);
    assertThat(authorization.of(seeded.principalId())).containsExactly(foreign);

    annotate(uai, UserAssignedIdentity.APPROVE_PLAN_ANNOTATION, plan.getDigest());
    reconcile(uai);

    assertThat(authorization.of(seeded.principalId())).isEmpty();
    assertThat(uai.getStatus().getPlan()).isNull();
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void anAdoptionWithNothingToDeleteGoesOnAtOnce() {
    var seeded = azure.seed(REF, "eastus", Map.of("team", "orders"));
    UserAssignedIdentity uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    annotate(uai, UserAssignedIdentity.ADOPT_ANNOTATION, "true");

    reconcile(uai);

    assertThat(uai.getStatus().getPlan()).isNull();
    assertThat(authorization.of(seeded.principalId())).hasSize(1);
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void whenAzureChangedSinceThePlanTheSwitchShowsTheNewPlanAndWaits() {
    UserAssignedIdentity uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    reconcile(uai);
    String principal = uai.getStatus().getPrincipalId();
    uai.getSpec().setManagementPolicy("Plan");
    reconcile(uai);
    assertThat(uai.getStatus().getPlan().getTotal()).isZero();
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");

    // Someone grants more in Azure after the (empty) plan was shown.
    authorization.addOutOfBand(RG_SCOPE, READER.replace('7', '8'), principal);
    uai.getSpec().setManagementPolicy(null);
    int writes = authorization.writes().size();
    reconcile(uai);

    assertThat(authorization.writes()).hasSize(writes);
    assertThat(uai.getStatus().getPlan().getReason()).isEqualTo("PlanChanged");
    assertThat(authorization.of(principal)).hasSize(2);

    annotate(
        uai, UserAssignedIdentity.APPROVE_PLAN_ANNOTATION, uai.getStatus().getPlan().getDigest());
    reconcile(uai);
    assertThat(authorization.of(principal)).hasSize(1);
    assertThat(uai.getStatus().getPlan()).isNull();
  }

  @Test
  void anIdentityOnlyObservedIsNeverTakenForOneTheOperatorCreated() {
    azure.seed(REF, "eastus", Map.of("team", "orders"));
    UserAssignedIdentity uai = resource("orders-api");
    uai.getSpec().setManagementPolicy("Observe");
    reconcile(uai);
    assertThat(uai.getStatus().getPrincipalId()).isNotNull();

    uai.getSpec().setManagementPolicy(null);
    reconcile(uai);

    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("NotOwned");
    assertThat(azure.writes()).isEmpty();
  }

  @Test
  void aMoveInPlanModeIsOnePlannedMigrationAndTheSwitchToManageStartsIt() {
    UserAssignedIdentity uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    reconcile(uai);
    int identityWrites = azure.writes().size();
    uai.getSpec().setManagementPolicy("Plan");
    uai.getSpec().setLocation("westus");
    uai.getSpec().setAzureName("orders-api-westus");
    uai.getMetadata().setGeneration(2L);

    reconcile(uai);
    reconcile(uai);

    assertThat(azure.writes()).hasSize(identityWrites);
    assertThat(uai.getStatus().getMigration()).isNull();
    assertThat(uai.getStatus().getPlan().getChanges())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getAction()).isEqualTo("Migrate");
              assertThat(c.getTarget()).contains("orders-api-westus in westus");
            });

    uai.getSpec().setManagementPolicy(null);
    uai.getMetadata().setGeneration(3L);
    reconcile(uai);

    assertThat(uai.getStatus().getPlan()).isNull();
    assertThat(uai.getStatus().getMigration()).isNotNull();
    assertThat(events.reasons()).contains("Normal PlanApproved", "Normal MigrationStarted");
  }

  @Test
  void planListsTheDirectoryChangesAndGraphIsNotWritten() {
    String group = "11111111-1111-1111-1111-111111111111";
    directory.group(group, "team", false);
    UserAssignedIdentity uai = resource("orders-api");
    reconcile(uai);
    String principal = uai.getStatus().getPrincipalId();
    directory.replicate(principal);
    var spec = new dev.operators.identity.api.v1alpha1.DirectorySpec();
    spec.setGroups(
        List.of(new dev.operators.identity.api.v1alpha1.DirectorySpec.Group(group, null)));
    uai.getSpec().setDirectory(spec);
    uai.getSpec().setManagementPolicy("Plan");
    uai.getMetadata().setGeneration(2L);

    reconcile(uai);

    assertThat(directory.groupsOf(principal)).isEmpty();
    assertThat(uai.getStatus().getPlan().getChanges())
        .extracting(c -> c.getAction() + " " + c.getKind() + " " + c.getTarget())
        .containsExactly("Add GroupMembership " + group);
    assertThat(condition(uai, "DirectoryReady").getReason()).isEqualTo("ChangesPlanned");

    uai.getSpec().setManagementPolicy("Manage");
    uai.getMetadata().setGeneration(3L);
    reconcile(uai);
    assertThat(directory.groupsOf(principal)).containsExactly(group);
  }

  private static void annotate(UserAssignedIdentity uai, String key, String value) {
    Map<String, String> annotations =
        uai.getMetadata().getAnnotations() == null
            ? new HashMap<>()
            : new HashMap<>(uai.getMetadata().getAnnotations());
    annotations.put(key, value);
    uai.getMetadata().setAnnotations(annotations);
  }
}
