package dev.operators.identity.operator.reconciler;

import static dev.operators.identity.operator.reconciler.InMemoryAuthorization.BLOB_READER;
import static dev.operators.identity.operator.reconciler.InMemoryAuthorization.CONTRIBUTOR;
import static dev.operators.identity.operator.reconciler.InMemoryAuthorization.READER;
import static dev.operators.identity.operator.reconciler.InMemoryAuthorization.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.RoleAssignment;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoleAssignmentsReconcilerTest extends ReconcilerFixture {

  static final String RG_SCOPE = "/subscriptions/" + SUB + "/resourceGroups/rg-data";
  static final String STORAGE =
      RG_SCOPE + "/providers/Microsoft.Storage/storageAccounts/ordersdata";
  static final String OTHER_SUB = "00000000-0000-0000-0000-000000000002";

  String principal(UserAssignedIdentity uai) {
    return uai.getStatus().getPrincipalId();
  }

  List<String> assignedKeys(UserAssignedIdentity uai) {
    return authorization.of(principal(uai)).stream()
        .map(a -> a.scope() + " " + a.roleDefinitionGuid())
        .sorted()
        .toList();
  }

  @Test
  void createsEveryDeclaredAssignmentByNameGuidOrIdWithDeterministicNames() {
    var uai =
        withRoles(
            new RoleAssignmentSpec("Storage Blob Data Reader", STORAGE),
            new RoleAssignmentSpec(READER, RG_SCOPE),
            new RoleAssignmentSpec(
                "/subscriptions/"
                    + SUB
                    + "/providers/Microsoft.Authorization/roleDefinitions/"
                    + CONTRIBUTOR,
                STORAGE));

    reconcile(uai);

    assertThat(assignedKeys(uai))
        .containsExactly(
            RG_SCOPE + " " + READER, STORAGE + " " + BLOB_READER, STORAGE + " " + CONTRIBUTOR);
    assertThat(uai.getStatus().getRoleAssignments())
        .extracting(RoleAssignmentStatus::getState)
        .containsOnly(State.Ready);
    RoleAssignmentStatus first = uai.getStatus().getRoleAssignments().get(0);
    assertThat(first.getName())
        .isEqualTo(RoleAssignmentPlan.assignmentName(principal(uai), BLOB_READER, STORAGE));
    assertThat(first.getRoleDefinitionId()).endsWith(BLOB_READER);
    assertThat(first.getId())
        .startsWith(STORAGE + "/providers/Microsoft.Authorization/roleAssignments/");
    assertThat(condition(uai, "RoleAssignmentsReady").getStatus()).isEqualTo("True");
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
    assertThat(events.reasons()).filteredOn(r -> r.endsWith("RoleAssignmentCreated")).hasSize(3);

    authorization.calls.clear();
    reconcile(uai);
    assertThat(authorization.writes()).isEmpty();
  }

  @Test
  void removingAnEntryDeletesItsAssignmentAndSwitchingARoleReplacesIt() {
    var uai =
        withRoles(
            new RoleAssignmentSpec("Reader", RG_SCOPE),
            new RoleAssignmentSpec("Storage Blob Data Reader", STORAGE));
    reconcile(uai);

    uai.getSpec().setRoleAssignments(List.of(new RoleAssignmentSpec(CONTRIBUTOR, RG_SCOPE)));
    reconcile(uai);

    assertThat(assignedKeys(uai)).containsExactly(RG_SCOPE + " " + CONTRIBUTOR);
    assertThat(events.reasons()).filteredOn(r -> r.endsWith("RoleAssignmentDeleted")).hasSize(2);
    assertThat(uai.getStatus().getRoleAssignments()).hasSize(1);
  }

  @Test
  void outOfBandDriftIsRepairedBothWays() {
    var uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    reconcile(uai);
    RoleAssignment declared = authorization.of(principal(uai)).get(0);

    authorization.delete(declared.id());
    authorization.addOutOfBand(STORAGE, CONTRIBUTOR, principal(uai));
    reconcile(uai);

    assertThat(assignedKeys(uai)).containsExactly(RG_SCOPE + " " + READER);
  }

  @Test
  void anAssignmentListedUnderAnotherNameIsAdoptedNotDuplicated() {
    var uai = withRoles();
    reconcile(uai);
    String principal = principal(uai);
    RoleAssignment theirs = authorization.addOutOfBand(RG_SCOPE, READER, principal);

    uai.getSpec().setRoleAssignments(List.of(new RoleAssignmentSpec("Reader", RG_SCOPE)));
    reconcile(uai);

    RoleAssignmentStatus entry = uai.getStatus().getRoleAssignments().get(0);
    assertThat(entry.getState()).isEqualTo(State.Ready);
    assertThat(entry.getName()).isEqualTo(theirs.name());
    assertThat(authorization.of(principal)).containsExactly(theirs);
    assertThat(authorization.writes()).isEmpty();
  }

  @Test
  void a409ForTheSameAssignmentUnderAnotherNameIsAdoptedNotFailed() {
    var uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    reconcile(uai);
    String principal = principal(uai);
    authorization.assignments.clear();
    RoleAssignment theirs = authorization.addOutOfBand(RG_SCOPE, READER, principal);
    // The listing lags behind (Azure is eventually consistent): it does not show theirs yet.
    authorization.hiddenFromListing.add(theirs.id());

    reconcile(uai);

    RoleAssignmentStatus entry = uai.getStatus().getRoleAssignments().get(0);
    assertThat(entry.getState()).isEqualTo(State.Ready);
    assertThat(entry.getName()).isEqualTo(theirs.name());
    assertThat(authorization.of(principal)).hasSize(1);
    assertThat(events.reasons()).contains("Normal RoleAssignmentAdopted");
  }

  @Test
  void principalNotFoundRightAfterCreationIsRetriedUntilReplicated() {
    var uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    authorization.fail(
        c -> c.startsWith("create"),
        error(400, "PrincipalNotFound", "Principal abc does not exist in the directory"),
        2);

    var control = reconcile(uai);
    assertThat(uai.getStatus().getRoleAssignments().get(0).getState()).isEqualTo(State.Pending);
    assertThat(condition(uai, "RoleAssignmentsReady").getReason())
        .isEqualTo("RoleAssignmentsPending");
    assertThat(control.getScheduleDelay().orElseThrow()).isGreaterThanOrEqualTo(5000L);

    reconcile(uai);
    reconcile(uai);
    assertThat(uai.getStatus().getRoleAssignments().get(0).getState()).isEqualTo(State.Ready);
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void oneBadEntryFailsAloneAndTheOthersConverge() {
    var uai =
        withRoles(
            new RoleAssignmentSpec("Reader", RG_SCOPE),
            new RoleAssignmentSpec("Storage Blob Data Reader", STORAGE));
    authorization.fail(
        c -> c.startsWith("create " + STORAGE),
        error(
            403,
            "AuthorizationFailed",
            "The client does not have authorization to perform action"
                + " 'Microsoft.Authorization/roleAssignments/write'"),
        1);

    reconcile(uai);

    List<RoleAssignmentStatus> entries = uai.getStatus().getRoleAssignments();
    assertThat(entries.get(0).getState()).isEqualTo(State.Ready);
    assertThat(entries.get(1).getState()).isEqualTo(State.Failed);
    assertThat(entries.get(1).getMessage()).contains("403 AuthorizationFailed");
    assertThat(condition(uai, "RoleAssignmentsReady").getMessage()).contains("AuthorizationFailed");
    assertThat(condition(uai, "IdentityReady").getStatus()).isEqualTo("True");
    assertThat(events.reasons()).contains("Warning RoleAssignmentFailed");
  }

  @Test
  void anUnknownRoleFailsItsEntryAndNothingIsDeletedInThatPass() {
    var uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    reconcile(uai);
    RoleAssignment extra = authorization.addOutOfBand(STORAGE, CONTRIBUTOR, principal(uai));

    uai.getSpec()
        .setRoleAssignments(
            List.of(
                new RoleAssignmentSpec("Reader", RG_SCOPE),
                new RoleAssignmentSpec("Storage Blob Data Raeder", STORAGE)));
    reconcile(uai);

    RoleAssignmentStatus typo = uai.getStatus().getRoleAssignments().get(1);
    assertThat(typo.getState()).isEqualTo(State.Failed);
    assertThat(typo.getMessage()).contains("role 'Storage Blob Data Raeder' does not exist");
    assertThat(authorization.of(principal(uai)))
        .extracting(RoleAssignment::id)
        .contains(extra.id());
    assertThat(condition(uai, "RoleAssignmentsReady").getMessage()).contains("left in place");
  }

  @Test
  void aFailedListingDeletesNothing() {
    var uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    reconcile(uai);
    RoleAssignment extra = authorization.addOutOfBand(STORAGE, CONTRIBUTOR, principal(uai));
    authorization.fail(c -> c.startsWith("list"), error(500, "InternalServerError", "boom"), 1);

    var control = reconcile(uai);

    assertThat(authorization.writes()).noneMatch(w -> w.startsWith("delete"));
    assertThat(authorization.of(principal(uai)))
        .extracting(RoleAssignment::id)
        .contains(extra.id());
    assertThat(condition(uai, "RoleAssignmentsReady").getStatus()).isEqualTo("False");
    assertThat(control.getScheduleDelay().orElseThrow()).isLessThan(RESYNC.toMillis());

    reconcile(uai);
    assertThat(authorization.of(principal(uai)))
        .extracting(RoleAssignment::id)
        .doesNotContain(extra.id());
  }

  @Test
  void theSameRoleTwiceUnderDifferentSpellingsIsRefused() {
    var uai =
        withRoles(
            new RoleAssignmentSpec("Reader", RG_SCOPE), new RoleAssignmentSpec(READER, RG_SCOPE));

    reconcile(uai);

    assertThat(uai.getStatus().getRoleAssignments().get(1).getState()).isEqualTo(State.Failed);
    assertThat(uai.getStatus().getRoleAssignments().get(1).getMessage())
        .contains("same role and scope as roleAssignments[0]");
    assertThat(authorization.of(principal(uai))).hasSize(1);
  }

  @Test
  void assignmentsInASubscriptionNoLongerNamedAreStillCleanedUp() {
    String otherRg = "/subscriptions/" + OTHER_SUB + "/resourceGroups/rg-shared";
    var uai = withRoles(new RoleAssignmentSpec("Reader", otherRg));
    reconcile(uai);
    assertThat(uai.getStatus().getRoleAssignmentSearchScopes())
        .contains("/subscriptions/" + OTHER_SUB);

    uai.getSpec().setRoleAssignments(List.of());
    reconcile(uai);
    assertThat(authorization.of(principal(uai))).isEmpty();

    reconcile(uai);
    assertThat(uai.getStatus().getRoleAssignmentSearchScopes())
        .doesNotContain("/subscriptions/" + OTHER_SUB);
  }

  @Test
  void privilegedAssignmentsRaiseAWarningAndACondition() {
    var uai =
        withRoles(
            new RoleAssignmentSpec("Owner", RG_SCOPE),
            new RoleAssignmentSpec("Reader", "/subscriptions/" + SUB));
    policies.add(
        "admins",
        "{namespaces: ["
            + uai.getMetadata().getNamespace()
            + "], roleAssignments: {allowedRoles: [Owner, Reader], scopePrefixes: [/subscriptions/"
            + SUB
            + "]}}");

    reconcile(uai);

    var privileged = condition(uai, "PrivilegedAssignment");
    assertThat(privileged.getStatus()).isEqualTo("True");
    assertThat(privileged.getMessage())
        .contains("'Owner' at " + RG_SCOPE)
        .contains("'Reader' at /subscriptions/" + SUB);
    assertThat(events.reasons()).containsOnlyOnce("Warning PrivilegedAssignment");
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");

    reconcile(uai);
    assertThat(events.reasons()).containsOnlyOnce("Warning PrivilegedAssignment");
  }

  @Test
  void conditionAndDescriptionChangesUpdateTheSameAssignmentInPlace() {
    var role = new RoleAssignmentSpec("Storage Blob Data Reader", STORAGE);
    var uai = withRoles(role);
    reconcile(uai);
    RoleAssignment before = authorization.of(principal(uai)).get(0);
    authorization.calls.clear();

    role.setCondition(
        "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name]"
            + " StringEquals 'exports'");
    role.setDescription("read order exports only");
    reconcile(uai);

    List<RoleAssignment> now = authorization.of(principal(uai));
    assertThat(now).hasSize(1);
    assertThat(now.get(0).name()).isEqualTo(before.name());
    assertThat(now.get(0).condition()).contains("exports");
    assertThat(now.get(0).conditionVersion()).isEqualTo("2.0");
    assertThat(now.get(0).description()).isEqualTo("read order exports only");
    assertThat(authorization.writes()).noneMatch(w -> w.startsWith("delete"));
    assertThat(events.reasons()).contains("Normal RoleAssignmentUpdated");
  }

  @Test
  void aDescriptionChangedOutOfBandIsRestoredAndAnUndeclaredOneIsLeftAlone() {
    var declared = new RoleAssignmentSpec("Reader", RG_SCOPE);
    declared.setDescription("platform team");
    var uai = withRoles(declared, new RoleAssignmentSpec("Storage Blob Data Reader", STORAGE));
    reconcile(uai);
    for (RoleAssignment a : authorization.of(principal(uai))) {
      authorization.assignments.put(
          a.id().toLowerCase(),
          new RoleAssignment(
              a.id(),
              a.name(),
              a.scope(),
              a.roleDefinitionId(),
              a.principalId(),
              "edited in the portal",
              null,
              null));
    }

    reconcile(uai);

    assertThat(authorization.of(principal(uai)))
        .extracting(RoleAssignment::description)
        .containsExactlyInAnyOrder("platform team", "edited in the portal");
  }

  @Test
  void deletionRemovesEveryAssignmentBeforeTheIdentityAndResumesAfterACrash() {
    var uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    reconcile(uai);
    String principal = principal(uai);
    authorization.addOutOfBand(STORAGE, CONTRIBUTOR, principal);
    // The identity delete fails after the role assignments were deleted (a crash there).
    azure.failOn("delete", error(500, "InternalServerError", "crash"));

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isFalse();
    assertThat(authorization.of(principal)).isEmpty();
    assertThat(azure.find(REF)).isPresent();

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();
    assertThat(azure.find(REF)).isEmpty();
  }

  @Test
  void anIdentityRecreatedWithANewPrincipalMovesItsAssignments() {
    var uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    reconcile(uai);
    String oldPrincipal = principal(uai);
    azure.store.clear();

    reconcile(uai);

    assertThat(principal(uai)).isNotEqualTo(oldPrincipal);
    assertThat(authorization.of(oldPrincipal)).isEmpty();
    assertThat(authorization.of(principal(uai))).hasSize(1);
    assertThat(uai.getStatus().getStalePrincipalIds()).isEmpty();
  }

  @Test
  void orphanDeletionTouchesNoRoleAssignment() {
    var uai = withRoles(new RoleAssignmentSpec("Reader", RG_SCOPE));
    uai.getSpec().setDeletionPolicy(DeletionPolicy.Orphan.name());
    reconcile(uai);
    authorization.calls.clear();

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();
    assertThat(authorization.calls).isEmpty();
    assertThat(authorization.of(principal(uai))).hasSize(1);
  }
}
