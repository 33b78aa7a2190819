package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.IdentityRef;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserAssignedIdentityReconcilerTest extends ReconcilerFixture {

  @Test
  void createsTheIdentityWithOwnerTagsAndReportsItsIds() {
    var uai = resource("orders-api");
    var control = reconcile(uai);

    assertThat(control.isPatchStatus()).isTrue();
    assertResync(control);
    AzureIdentity created = azure.find(REF).orElseThrow();
    assertThat(created.tags())
        .containsEntry("team", "orders")
        .containsEntry("identity.operators.dev.cluster", "test-cluster")
        .containsEntry("identity.operators.dev.namespace", "team-orders")
        .containsEntry("identity.operators.dev.name", "orders-api");
    var status = uai.getStatus();
    assertThat(status.getResourceId()).isEqualTo(REF.resourceId());
    assertThat(status.getPrincipalId()).isEqualTo(created.principalId());
    assertThat(status.getClientId()).isEqualTo(created.clientId());
    assertThat(status.getTenantId()).isEqualTo(InMemoryIdentities.TENANT);
    assertThat(status.getLocation()).isEqualTo("eastus");
    assertThat(status.getIsolationScope()).isEqualTo(IsolationScope.None);
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("Provisioned");
    assertThat(condition(uai, "Ready").getObservedGeneration()).isEqualTo(1L);
    assertThat(events.reasons()).containsExactly("Normal Created");
  }

  @Test
  void aRegionalIdentityIsCreatedWithItsIsolationScope() {
    var uai = resource("orders-weu");
    uai.getSpec().setLocation("westeurope");
    uai.getSpec().setIsolationScope(IsolationScope.Regional.name());

    reconcile(uai);

    assertThat(azure.writes()).containsExactly("put orders-weu");
    var ref = new IdentityRef(SUB, "rg-orders", "orders-weu");
    assertThat(azure.find(ref).orElseThrow().isolationScope()).isEqualTo(IsolationScope.Regional);
    assertThat(uai.getStatus().getIsolationScope()).isEqualTo(IsolationScope.Regional);
    assertThat(uai.getStatus().getLocation()).isEqualTo("westeurope");
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void aSecondPassWritesNothingToAzureNorToTheStatus() {
    var uai = resource("orders-api");
    reconcile(uai);
    String transition = condition(uai, "Ready").getLastTransitionTime();
    azure.calls.clear();

    var control = reconcile(uai);

    assertThat(azure.writes()).isEmpty();
    assertThat(control.isNoUpdate()).isTrue();
    assertThat(condition(uai, "Ready").getLastTransitionTime()).isEqualTo(transition);
  }

  @Test
  void tagAndIsolationChangesAreAppliedInPlace() {
    var uai = resource("orders-api");
    reconcile(uai);
    String principal = uai.getStatus().getPrincipalId();
    uai.getSpec().setTags(Map.of("team", "payments", "cost-center", "42"));
    uai.getSpec().setIsolationScope(IsolationScope.Regional.name());
    uai.getMetadata().setGeneration(2L);
    azure.calls.clear();

    reconcile(uai);

    assertThat(azure.writes()).containsExactly("patch orders-api");
    AzureIdentity updated = azure.find(REF).orElseThrow();
    assertThat(updated.isolationScope()).isEqualTo(IsolationScope.Regional);
    assertThat(updated.tags()).containsEntry("team", "payments").containsEntry("cost-center", "42");
    assertThat(uai.getStatus().getPrincipalId()).isEqualTo(principal);
    assertThat(uai.getStatus().getIsolationScope()).isEqualTo(IsolationScope.Regional);
    assertThat(uai.getStatus().getObservedGeneration()).isEqualTo(2L);
    assertThat(events.events)
        .anyMatch(e -> e.startsWith("Normal Updated") && e.contains("None -> Regional"));
  }

  @Test
  void aNameAzureRefusesIsReportedWithoutCallingAzure() {
    var uai = resource("orders.api");

    reconcile(uai);

    assertThat(azure.calls).isEmpty();
    Condition identity = condition(uai, "IdentityReady");
    assertThat(identity.getStatus()).isEqualTo("False");
    assertThat(identity.getReason()).isEqualTo("InvalidSpec");
    assertThat(identity.getMessage())
        .contains("metadata.name 'orders.api'")
        .contains("set spec.azureName");
    assertThat(condition(uai, "Ready").getReason()).isEqualTo("InvalidSpec");
    assertThat(events.reasons()).containsExactly("Warning InvalidSpec");
  }

  @Test
  void everyProblemOfABadSpecIsListed() {
    var uai = resource("orders-api");
    uai.getSpec().setSubscriptionId("not-a-guid");
    uai.getSpec().setResourceGroup("ends-with-period.");
    uai.getSpec().setLocation("East US");
    uai.getSpec().setTags(Map.of("identity.operators.dev.cluster", "x", "a/b", "c"));

    reconcile(uai);

    assertThat(azure.calls).isEmpty();
    assertThat(condition(uai, "IdentityReady").getMessage())
        .contains("spec.subscriptionId 'not-a-guid' is not a GUID")
        .contains("spec.resourceGroup 'ends-with-period.'")
        .contains("spec.location 'East US'")
        .contains("reserved prefix")
        .contains("tag name 'a/b'");
  }

  @Test
  void duplicateRoleAssignmentsAndAssigneesAreRefusedWithoutCallingAzure() {
    var uai = resource("orders-api");
    String rg = "/subscriptions/" + SUB + "/resourceGroups/rg-data";
    String vm =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm";
    uai.getSpec()
        .setRoleAssignments(
            List.of(
                new RoleAssignmentSpec("Reader", rg),
                new RoleAssignmentSpec("reader", rg.replace("rg-data", "RG-DATA")),
                new RoleAssignmentSpec("Reader", "not-a-scope")));
    uai.getSpec().setAssignees(List.of(new AssigneeSpec(vm), new AssigneeSpec(vm.toLowerCase())));

    reconcile(uai);

    assertThat(azure.calls).isEmpty();
    assertThat(condition(uai, "IdentityReady").getMessage())
        .contains("spec.roleAssignments[1] repeats spec.roleAssignments[0]")
        .contains("spec.roleAssignments[2].scope 'not-a-scope'")
        .contains("spec.assignees[1] repeats spec.assignees[0]");
  }

  @Test
  void anInvalidEditKeepsWhatIsAlreadyAppliedAndItsStatus() {
    var uai = resource("orders-api");
    reconcile(uai);
    String principal = uai.getStatus().getPrincipalId();
    uai.getSpec().setLocation("West Europe");
    azure.calls.clear();

    reconcile(uai);

    assertThat(azure.calls).isEmpty();
    assertThat(azure.find(REF)).isPresent();
    assertThat(uai.getStatus().getPrincipalId()).isEqualTo(principal);
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("False");
  }

  @Test
  void aLocationChangeUnderTheSameNameIsARefusedMigrationThatChangesNothing() {
    var uai = resource("orders-api");
    reconcile(uai);
    azure.calls.clear();

    uai.getSpec().setLocation("westeurope");
    reconcile(uai);
    assertThat(azure.writes()).isEmpty();
    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("MigrationRefused");
    assertThat(condition(uai, "IdentityReady").getMessage())
        .contains("same resource ID")
        .contains("spec.azureName");
    assertThat(uai.getStatus().getMigration().getPhase()).isEqualTo("Refused");

    uai.getSpec().setLocation("eastus");
    reconcile(uai);
    assertThat(azure.writes()).isEmpty();
    assertThat(uai.getStatus().getMigration()).isNull();
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
    assertThat(azure.store).hasSize(1);
  }

  @Test
  void anExistingIdentityWithoutOwnerTagsIsRefusedUnlessAdopted() {
    azure.seed(REF, "eastus", Map.of("owner", "someone"));
    var uai = resource("orders-api");

    reconcile(uai);
    assertThat(azure.writes()).isEmpty();
    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("NotOwned");
    assertThat(condition(uai, "IdentityReady").getMessage())
        .contains("identity.operators.dev/adopt");
    assertThat(events.reasons()).containsExactly("Warning NotOwned");

    uai.getMetadata().setAnnotations(Map.of(UserAssignedIdentity.ADOPT_ANNOTATION, "true"));
    reconcile(uai);
    assertThat(azure.writes()).containsExactly("patch orders-api");
    assertThat(azure.find(REF).orElseThrow().tags())
        .containsEntry("identity.operators.dev.name", "orders-api")
        .doesNotContainKey("owner");
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
    assertThat(events.reasons()).contains("Normal Adopted");
  }

  @Test
  void anIdentityOwnedByAnotherResourceIsNeverTouchedEvenWithAdoption() {
    Map<String, String> foreign = new HashMap<>();
    foreign.put("identity.operators.dev.cluster", "other-cluster");
    foreign.put("identity.operators.dev.namespace", "team-orders");
    foreign.put("identity.operators.dev.name", "orders-api");
    azure.seed(REF, "eastus", foreign);
    var uai = resource("orders-api");
    uai.getMetadata().setAnnotations(Map.of(UserAssignedIdentity.ADOPT_ANNOTATION, "true"));

    reconcile(uai);
    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();

    assertThat(azure.writes()).isEmpty();
    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("OwnedByAnother");
    assertThat(condition(uai, "IdentityReady").getMessage()).contains("cluster 'other-cluster'");
  }

  @Test
  void anIdentityDeletedOutOfBandIsRecreated() {
    var uai = resource("orders-api");
    reconcile(uai);
    String oldPrincipal = uai.getStatus().getPrincipalId();
    azure.store.clear();

    reconcile(uai);

    assertThat(azure.find(REF)).isPresent();
    assertThat(uai.getStatus().getPrincipalId()).isNotEqualTo(oldPrincipal);
    assertThat(events.events).anyMatch(e -> e.startsWith("Warning Recreated"));
  }

  @Test
  void removedOwnerTagsOfTheIdentityItCreatedAreRestored() {
    var uai = resource("orders-api");
    reconcile(uai);
    AzureIdentity created = azure.find(REF).orElseThrow();
    azure.store.put(
        REF.resourceId().toLowerCase(),
        new AzureIdentity(
            created.resourceId(),
            created.name(),
            created.location(),
            created.isolationScope(),
            Map.of(),
            created.principalId(),
            created.clientId(),
            created.tenantId()));

    reconcile(uai);

    assertThat(azure.find(REF).orElseThrow().tags()).isEqualTo(created.tags());
  }

  @Test
  void throttlingIsRetriedAfterRetryAfterAndShownInStatus() {
    azure.failNext(
        new AzureRequestException(
            "read identity",
            429,
            "TooManyRequests",
            "slow down",
            "req-1",
            Duration.ofSeconds(17),
            null));
    var uai = resource("orders-api");

    var control = reconcile(uai);

    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(17).toMillis());
    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("AzureThrottled");
    assertThat(condition(uai, "IdentityReady").getMessage()).contains("retrying in 17s");

    control = reconcile(uai);
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
    assertResync(control);
  }

  @Test
  void azureRefusalsCarryAzureCodeAndMessage() {
    azure.failNext(
        new AzureRequestException(
            "create identity",
            404,
            "ResourceGroupNotFound",
            "Resource group 'rg-orders' could not be found.",
            "req-2",
            null,
            null));
    var uai = resource("orders-api");

    reconcile(uai);

    Condition identity = condition(uai, "IdentityReady");
    assertThat(identity.getReason()).isEqualTo("AzureError");
    assertThat(identity.getMessage())
        .contains("404 ResourceGroupNotFound")
        .contains("Resource group 'rg-orders' could not be found.");
    assertThat(events.events).anyMatch(e -> e.startsWith("Warning AzureError"));

    // Once the resource group exists, the next pass converges.
    var control = reconcile(uai);
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
    assertThat(azure.find(REF)).isPresent();
    assertResync(control);
  }

  @Test
  void deletionDeletesTheOwnedIdentity() {
    var uai = resource("orders-api");
    reconcile(uai);

    DeleteControl control = reconciler.cleanup(uai, null);

    assertThat(control.isRemoveFinalizer()).isTrue();
    assertThat(azure.find(REF)).isEmpty();
    assertThat(events.reasons()).contains("Normal Deleted");
  }

  @Test
  void orphanDeletionLeavesAzureAlone() {
    var uai = resource("orders-api");
    uai.getSpec().setDeletionPolicy(DeletionPolicy.Orphan.name());
    reconcile(uai);
    azure.calls.clear();

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();
    assertThat(azure.calls).isEmpty();
    assertThat(azure.find(REF)).isPresent();
  }

  @Test
  void deletionOfAnIdentityAlreadyGoneIsNotAnError() {
    var uai = resource("orders-api");
    reconcile(uai);
    azure.store.clear();

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();
  }

  @Test
  void deletionNeverDeletesAnIdentityItDoesNotOwn() {
    azure.seed(REF, "eastus", Map.of());
    var uai = resource("orders-api");
    reconcile(uai);

    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();
    assertThat(azure.find(REF)).isPresent();
    assertThat(azure.writes()).isEmpty();
  }

  @Test
  void aFailedDeletionKeepsTheFinalizerAndRetries() {
    var uai = resource("orders-api");
    reconcile(uai);
    azure.failNext(
        new AzureRequestException(
            "read identity", 503, "ServiceUnavailable", "down", null, null, null));

    DeleteControl control = reconciler.cleanup(uai, null);

    assertThat(control.isRemoveFinalizer()).isFalse();
    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(2).toMillis());
    assertThat(azure.find(REF)).isPresent();
  }

  /** The next pass is the resync, spread by up to a tenth of the period (PassSchedule). */
  private static void assertResync(UpdateControl<?> control) {
    assertThat(control.getScheduleDelay().orElseThrow())
        .isBetween(RESYNC.toMillis() * 9 / 10, RESYNC.toMillis());
  }
}
