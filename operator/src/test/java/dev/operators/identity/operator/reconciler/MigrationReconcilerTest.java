package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.ExportSpec;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.MigrationSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.ServiceAccountSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.WorkloadIdentitySpec;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureIdentity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A change of place is a migration: every step, a crash after each, a change of mind, a hold. */
class MigrationReconcilerTest extends ReconcilerFixture {

  static final String VM =
      "/subscriptions/"
          + SUB
          + "/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm";
  static final String RG_SCOPE = "/subscriptions/" + SUB + "/resourceGroups/rg-data";
  static final KubernetesSerialization JSON = new KubernetesSerialization();

  Instant now = Instant.parse("2026-12-01T12:00:00Z");

  @Override
  Clock clock() {
    return new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    };
  }

  UserAssignedIdentity uai;

  @BeforeEach
  void provisioned() {
    assignees.add(VM, "Microsoft.Compute/virtualMachines", "eastus", "None");
    serviceAccounts.add("team-orders", "orders", Map.of());
    uai = resource("orders-api");
    uai.getSpec().setRoleAssignments(List.of(new RoleAssignmentSpec("Reader", RG_SCOPE)));
    uai.getSpec().setAssignees(List.of(new AssigneeSpec(VM)));
    var workload = new WorkloadIdentitySpec();
    workload.setServiceAccounts(List.of(new ServiceAccountSpec("orders")));
    uai.getSpec().setWorkloadIdentity(workload);
    var export = new ExportSpec();
    export.setConfigMap(new ExportSpec.ConfigMapTarget("orders-identity"));
    uai.getSpec().setExportTo(export);
    reconcile(uai);
    assertThat(condition(uai, "Ready").getStatus()).as(readyMessage()).isEqualTo("True");
  }

  @Test
  void aMoveToAnotherGroupAndRegionCreatesGrantsAttachesVerifiesThenRemovesTheOld() {
    AzureIdentity old = only();
    moveTo("rg-west", "orders-api-westus", "westus");

    List<String> steps = passUntil(r -> r.getStatus().getMigration() == null);
    reconcile(uai);

    assertThat(steps).contains("Create", "Grant", "Attach", "Verify", "Cleanup");
    assertThat(condition(uai, "Ready").getStatus()).as(readyMessage()).isEqualTo("True");
    AzureIdentity moved = only();
    assertThat(moved.resourceId())
        .contains("/resourceGroups/rg-west/")
        .endsWith("orders-api-westus");
    assertThat(moved.location()).isEqualTo("westus");
    assertThat(moved.tags()).containsEntry("team", "orders").containsKey(Ownership.NAME_TAG);
    assertThat(authorization.of(old.principalId())).isEmpty();
    assertThat(authorization.of(moved.principalId())).hasSize(1);
    assertThat(authorization.of(moved.principalId()).get(0).name())
        .isEqualTo(
            RoleAssignmentPlan.assignmentName(
                moved.principalId(),
                authorization.of(moved.principalId()).get(0).roleDefinitionGuid(),
                RG_SCOPE));
    assertThat(assignees.get(VM).userAssignedIdentityIds()).containsExactly(moved.resourceId());
    assertThat(serviceAccounts.of("team-orders", "orders"))
        .containsEntry("azure.workload.identity/client-id", moved.clientId());
    assertThat(configMaps.of("team-orders", "orders-identity").data())
        .containsEntry("clientId", moved.clientId());
    assertThat(
            credentials.of(
                dev.operators.identity.operator.azure.IdentityRef.parse(moved.resourceId())))
        .hasSize(1);
    assertThat(uai.getStatus().getResourceId()).isEqualTo(moved.resourceId());
    assertThat(events.reasons())
        .contains(
            "Normal MigrationStarted",
            "Normal MigrationCheck",
            "Normal MigrationCreate",
            "Normal MigrationGrant",
            "Normal MigrationAttach",
            "Normal MigrationVerify",
            "Normal MigrationSwitched",
            "Normal MigrationCleanup",
            "Normal Migrated");
  }

  @Test
  void theDeclaredGroupsGoToTheNewPrincipalAndTheUndeclaredOnesAreManualSteps() {
    String team = "11111111-1111-1111-1111-111111111111";
    String other = "33333333-3333-3333-3333-333333333333";
    directory.group(team, "team", false);
    directory.group(other, "other", false);
    var declared = new dev.operators.identity.api.v1alpha1.DirectorySpec();
    declared.setGroups(
        List.of(new dev.operators.identity.api.v1alpha1.DirectorySpec.Group(team, null)));
    uai.getSpec().setDirectory(declared);
    AzureIdentity old = only();
    directory.replicate(old.principalId());
    directory.addOutOfBand(other, old.principalId());
    reconcile(uai);
    assertThat(directory.groupsOf(old.principalId())).containsExactlyInAnyOrder(team, other);

    moveTo("rg-west", "orders-api-westus", "westus");
    List<String> manual = new ArrayList<>();
    for (int pass = 0; pass < 30 && !done(); pass++) {
      azure.store.values().forEach(i -> directory.replicate(i.principalId()));
      reconcile(uai);
      if (uai.getStatus().getMigration() != null) {
        uai.getStatus()
            .getMigration()
            .getManualSteps()
            .forEach(m -> manual.add(m.getDescription()));
      }
    }

    AzureIdentity moved = only();
    assertThat(moved.resourceId()).endsWith("orders-api-westus");
    assertThat(directory.groupsOf(moved.principalId())).containsExactly(team);
    assertThat(manual).anyMatch(m -> m.contains("group " + other));
  }

  private boolean done() {
    return uai.getStatus().getMigration() == null
        && uai.getStatus().getResourceId().endsWith("orders-api-westus");
  }

  @Test
  void aCrashAfterEveryStepResumesAndLeavesOneIdentityAndNoStaleGrant() {
    AzureIdentity old = only();
    moveTo("rg-west", "orders-api-westus", "westus");
    for (int pass = 0; pass < 30 && (pass == 0 || uai.getStatus().getMigration() != null); pass++) {
      // The pass's writes reach Azure, but its status is lost (the operator died before it was
      // written): the next operator starts from the status as it was.
      UserAssignedIdentity before = JSON.clone(uai);
      reconcile(uai);
      invariant();
      uai = before;
      reconcile(uai);
      invariant();
    }
    reconcile(uai);
    assertThat(uai.getStatus().getMigration()).as(readyMessage()).isNull();
    AzureIdentity moved = only();
    assertThat(moved.location()).isEqualTo("westus");
    assertThat(authorization.of(old.principalId())).isEmpty();
    assertThat(authorization.assignments).hasSize(1);
    assertThat(assignees.get(VM).userAssignedIdentityIds()).containsExactly(moved.resourceId());
  }

  @Test
  void goingBackBeforeTheCleanupCancelsAndRemovesTheNewIdentity() {
    AzureIdentity old = only();
    moveTo("rg-west", "orders-api-westus", "westus");
    passUntil(r -> "Verify".equals(r.getStatus().getMigration().getStep()));
    assertThat(azure.store).hasSize(2);
    assertThat(serviceAccounts.of("team-orders", "orders").get("azure.workload.identity/client-id"))
        .isNotEqualTo(old.clientId());

    moveTo("rg-orders", null, "eastus");
    passUntil(r -> r.getStatus().getMigration() == null);
    reconcile(uai);

    assertThat(only().resourceId()).isEqualTo(old.resourceId());
    assertThat(authorization.assignments.values())
        .allMatch(a -> a.principalId().equals(old.principalId()));
    assertThat(assignees.get(VM).userAssignedIdentityIds()).containsExactly(old.resourceId());
    assertThat(serviceAccounts.of("team-orders", "orders"))
        .containsEntry("azure.workload.identity/client-id", old.clientId());
    assertThat(configMaps.of("team-orders", "orders-identity").data())
        .containsEntry("clientId", old.clientId());
    assertThat(condition(uai, "Ready").getStatus()).as(readyMessage()).isEqualTo("True");
    assertThat(events.reasons())
        .contains("Normal MigrationCancelling", "Normal MigrationCancelled");
  }

  @Test
  void aRoleAddedAfterTheGrantsIsGrantedBeforeTheVerificationPasses() {
    AzureIdentity old = only();
    moveTo("rg-west", "orders-api-westus", "westus");
    passUntil(r -> "Attach".equals(r.getStatus().getMigration().getStep()));
    uai.getSpec()
        .setRoleAssignments(
            List.of(
                new RoleAssignmentSpec("Reader", RG_SCOPE),
                new RoleAssignmentSpec(
                    "Reader", RG_SCOPE + "/providers/Microsoft.Storage/storageAccounts/orders")));
    uai.getMetadata().setGeneration(uai.getMetadata().getGeneration() + 1);

    passUntil(r -> r.getStatus().getMigration() == null);

    AzureIdentity moved = only();
    assertThat(authorization.of(moved.principalId())).hasSize(2);
    assertThat(authorization.of(old.principalId())).isEmpty();
    assertThat(events.reasons()).contains("Warning MigrationStepPending");
  }

  @Test
  void aNewPlaceMidMigrationRollsForwardAndLeavesNoThirdIdentity() {
    moveTo("rg-west", "orders-api-westus", "westus");
    passUntil(r -> "Attach".equals(r.getStatus().getMigration().getStep()));

    moveTo("rg-north", "orders-api-northeurope", "northeurope");
    passUntil(r -> r.getStatus().getMigration() == null);

    AzureIdentity moved = only();
    assertThat(moved.resourceId()).endsWith("orders-api-northeurope");
    assertThat(authorization.assignments).hasSize(1);
    assertThat(assignees.get(VM).userAssignedIdentityIds()).containsExactly(moved.resourceId());
    assertThat(events.reasons()).contains("Normal MigrationRolledForward");
  }

  @Test
  void aRegionalIdentityWhoseAssigneeStaysInTheOldRegionIsRefusedChangingNothing() {
    uai.getSpec().setIsolationScope(IsolationScope.Regional.name());
    reconcile(uai);
    azure.calls.clear();
    authorization.calls.clear();
    assignees.calls.clear();

    moveTo("rg-west", "orders-api-westus", "westus");
    reconcile(uai);
    reconcile(uai);

    assertThat(azure.writes()).allMatch(c -> c.startsWith("list "));
    assertThat(authorization.writes()).isEmpty();
    assertThat(assignees.writes()).isEmpty();
    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("MigrationRefused");
    assertThat(condition(uai, "IdentityReady").getMessage())
        .contains("regional isolation")
        .contains(VM);
    assertThat(condition(uai, "Stalled").getStatus()).isEqualTo("True");
    assertThat(uai.getStatus().getMigration().getPhase()).isEqualTo("Refused");
    assertThat(events.reasons()).containsOnlyOnce("Warning MigrationRefused");
  }

  @Test
  void aHoldStopsBetweenStepsAndASoakWaitsOnTheClock() {
    uai.getSpec().setMigration(new MigrationSpec("1h"));
    moveTo("rg-west", "orders-api-westus", "westus");
    passUntil(r -> "Grant".equals(r.getStatus().getMigration().getStep()));
    uai.getMetadata()
        .setAnnotations(Map.of(UserAssignedIdentity.MIGRATION_HOLD_ANNOTATION, "true"));
    List<String> held = new ArrayList<>(azure.writes());
    int roleWrites = authorization.writes().size();
    reconcile(uai);
    reconcile(uai);
    assertThat(azure.writes()).isEqualTo(held);
    assertThat(authorization.writes()).hasSize(roleWrites);
    assertThat(uai.getStatus().getMigration().getPhase()).isEqualTo("Held");
    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("MigrationHeld");
    assertThat(condition(uai, "Reconciling").getStatus()).isEqualTo("True");

    uai.getMetadata().setAnnotations(Map.of());
    passUntil(r -> "Soak".equals(r.getStatus().getMigration().getStep()));
    reconcile(uai);
    assertThat(azure.store).hasSize(2);
    assertThat(condition(uai, "IdentityReady").getMessage()).contains("Soaking");
    var next = reconcile(uai).getScheduleDelay().orElseThrow();
    assertThat(next).isEqualTo(Duration.ofHours(1).toMillis());

    now = now.plus(Duration.ofHours(1));
    passUntil(r -> r.getStatus().getMigration() == null);
    assertThat(azure.store).hasSize(1);
  }

  @Test
  void anOldIdentityThatIsNoLongerThisResourcesIsKeptAtTheEnd() {
    AzureIdentity old = only();
    moveTo("rg-west", "orders-api-westus", "westus");
    passUntil(r -> "Verify".equals(r.getStatus().getMigration().getStep()));
    // Someone hands the old identity to another owner (its ownership tags say so now).
    Map<String, String> tags = new java.util.HashMap<>(old.tags());
    tags.put(Ownership.NAMESPACE_TAG, "team-other");
    azure.store.replaceAll(
        (key, identity) ->
            identity.resourceId().equals(old.resourceId())
                ? new AzureIdentity(
                    old.resourceId(),
                    old.name(),
                    old.location(),
                    old.isolationScope(),
                    tags,
                    old.principalId(),
                    old.clientId(),
                    old.tenantId())
                : identity);

    passUntil(r -> r.getStatus().getMigration() == null);

    assertThat(azure.store).hasSize(2);
    assertThat(authorization.of(old.principalId())).hasSize(1);
    assertThat(uai.getStatus().getResourceId()).endsWith("orders-api-westus");
    assertThat(events.events).anyMatch(e -> e.contains("kept the old identity"));
  }

  @Test
  void deletingMidMigrationDeletesBothIdentitiesAndTheirGrants() {
    moveTo("rg-west", "orders-api-westus", "westus");
    passUntil(r -> "Verify".equals(r.getStatus().getMigration().getStep()));
    assertThat(azure.store).hasSize(2);

    for (int i = 0; i < 5 && !reconciler.cleanup(uai, null).isRemoveFinalizer(); i++) {
      // a detach may still run
    }

    assertThat(azure.store).isEmpty();
    assertThat(authorization.assignments).isEmpty();
    assertThat(assignees.get(VM).userAssignedIdentityIds()).isEmpty();
  }

  @Test
  void anOrphanDeletionMidMigrationKeepsBothAndSaysSo() {
    moveTo("rg-west", "orders-api-westus", "westus");
    passUntil(r -> "Verify".equals(r.getStatus().getMigration().getStep()));
    uai.getSpec().setDeletionPolicy("Orphan");

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();

    assertThat(azure.store).hasSize(2);
    assertThat(events.events.stream().toList()).anyMatch(m -> m.contains("are both kept"));
  }

  private void moveTo(String group, String name, String location) {
    uai.getSpec().setResourceGroup(group);
    uai.getSpec().setAzureName(name);
    uai.getSpec().setLocation(location);
    uai.getMetadata().setGeneration(uai.getMetadata().getGeneration() + 1);
  }

  /** Passes until {@code done}, checking the invariant after each; the steps seen, in order. */
  private List<String> passUntil(Predicate<UserAssignedIdentity> done) {
    List<String> steps = new ArrayList<>();
    for (int pass = 0; pass < 30; pass++) {
      reconcile(uai);
      invariant();
      if (uai.getStatus().getMigration() != null) {
        steps.add(uai.getStatus().getMigration().getStep());
      }
      if (done.test(uai)) {
        return steps;
      }
    }
    throw new AssertionError("did not get there: " + readyMessage());
  }

  /** At every moment: no assignee without an identity, never a third identity. */
  private void invariant() {
    for (AssigneeResource r : assignees.resources.values()) {
      assertThat(r.userAssignedIdentityIds()).as("identities of %s", r.id()).isNotEmpty();
    }
    assertThat(azure.store.size()).as("identities in Azure").isBetween(1, 2);
  }

  private AzureIdentity only() {
    assertThat(azure.store).hasSize(1);
    return azure.store.values().iterator().next();
  }

  private String readyMessage() {
    return condition(uai, "Ready").getReason() + ": " + condition(uai, "Ready").getMessage();
  }
}
