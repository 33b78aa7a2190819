package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.FaultRule;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Role assignments end to end, through the real SDK against the emulator's Microsoft.Authorization.
 */
class RoleAssignmentsE2ETest extends E2EFixture {

  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final String BLOB_DATA_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
  static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  static final String BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

  static String dataGroup;
  static String storage;

  @BeforeAll
  static void seedTargets() throws Exception {
    stack.emulator().control().createResourceGroup(sub, "rg-data", "eastus");
    dataGroup = "/subscriptions/" + sub + "/resourceGroups/rg-data";
    storage = dataGroup + "/providers/Microsoft.Storage/storageAccounts/ordersdata";
    stack
        .emulator()
        .control()
        .putResource(storage, JSON.readTree("{\"location\":\"eastus\",\"kind\":\"StorageV2\"}"));
  }

  /** After every identity is gone, no role assignment points at a principal that is gone. */
  @AfterAll
  static void noStaleRoleAssignmentIsLeft() {
    stack.client().resources(UserAssignedIdentity.class).inAnyNamespace().delete();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                stack
                    .client()
                    .resources(UserAssignedIdentity.class)
                    .inAnyNamespace()
                    .list()
                    .getItems()
                    .isEmpty());
    Set<String> livePrincipals =
        stack.emulator().control().listResources(IDENTITIES).stream()
            .map(i -> i.at("/properties/principalId").asText())
            .collect(Collectors.toSet());
    List<JsonNode> stale =
        stack.emulator().control().roleAssignments().stream()
            .filter(a -> !livePrincipals.contains(a.at("/properties/principalId").asText()))
            .toList();
    assertThat(stale).as("role assignments whose principal no longer exists").isEmpty();
  }

  UserAssignedIdentity withRoles(String name, RoleAssignmentSpec... roles) {
    var uai = identity(name, "eastus");
    uai.getSpec().setRoleAssignments(List.of(roles));
    return uai;
  }

  Set<String> keysOf(String principalId) {
    return assignmentsOf(principalId).stream()
        .map(
            a -> {
              String role = a.at("/properties/roleDefinitionId").asText();
              return a.at("/properties/scope").asText().toLowerCase()
                  + " "
                  + role.substring(role.lastIndexOf('/') + 1);
            })
        .collect(Collectors.toSet());
  }

  static String key(String scope, String role) {
    return scope.toLowerCase() + " " + role;
  }

  @Test
  void declaredAssignmentsAreCreatedChangedPrunedAndDeletedWithTheIdentity() {
    apply(
        withRoles(
            "app-roles",
            new RoleAssignmentSpec("Storage Blob Data Reader", storage),
            new RoleAssignmentSpec(READER, dataGroup)));
    UserAssignedIdentity ready = awaitReady("app-roles");
    String principal = ready.getStatus().getPrincipalId();

    assertThat(keysOf(principal))
        .containsExactlyInAnyOrder(key(storage, BLOB_DATA_READER), key(dataGroup, READER));
    assertThat(assignmentsOf(principal))
        .allSatisfy(
            a ->
                assertThat(a.at("/properties/principalType").asText())
                    .isEqualTo("ServicePrincipal"));
    assertThat(ready.getStatus().getRoleAssignments())
        .extracting(RoleAssignmentStatus::getState)
        .containsOnly(State.Ready);
    assertThat(condition(ready, "RoleAssignmentsReady").orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(events("app-roles")).filteredOn(e -> e.contains("RoleAssignmentCreated")).hasSize(2);

    // Switch the Reader role (declared by GUID) to another by name, drop the blob reader.
    // (Not Contributor: its actions "*" make it privileged, which the secure default refuses.)
    edit(
        "app-roles",
        spec ->
            spec.setRoleAssignments(
                List.of(new RoleAssignmentSpec("Storage Blob Data Contributor", dataGroup))));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(keysOf(principal))
                    .containsExactly(key(dataGroup, BLOB_DATA_CONTRIBUTOR)));
    awaitReady("app-roles");

    cr("app-roles").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> cr("app-roles").get() == null);
    assertThat(assignmentsOf(principal)).isEmpty();
    assertThat(azureIdentity("app-roles")).isEmpty();
  }

  @Test
  void aFailingListingDeletesNothingUntilItWorksAgain() throws Exception {
    apply(withRoles("listing-roles", new RoleAssignmentSpec("Reader", dataGroup)));
    String principal = awaitReady("listing-roles").getStatus().getPrincipalId();
    String extra = outOfBand(storage, CONTRIBUTOR, principal).id();
    stack.emulator().control().injectFault(FaultRule.status("GET", "/roleAssignments$", 500, -1));

    awaitCondition("listing-roles", "RoleAssignmentsReady", "False", "RoleAssignmentsFailed");
    // Each pass lists the identity's federated credentials after its role assignments (the
    // identity itself is read from its group's listing): by the second such listing from here, a
    // whole further pass has met the failing listing, and it deleted nothing.
    var control = stack.emulator().control();
    String identity = "/userAssignedIdentities/listing-roles/federatedIdentityCredentials$";
    long reads = control.count("GET", identity);
    await().atMost(Duration.ofSeconds(60)).until(() -> control.count("GET", identity) >= reads + 2);
    assertThat(control.count("DELETE", extra.substring(extra.lastIndexOf('/')) + "$")).isZero();
    assertThat(control.getResource(extra)).isPresent();

    stack.emulator().control().clearFaults();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> stack.emulator().control().getResource(extra).isEmpty());
    awaitReady("listing-roles");
  }

  @Test
  void deletionResumesAfterACrashBetweenTheRoleAssignmentDeletesAndTheIdentityDelete() {
    apply(withRoles("crash-roles", new RoleAssignmentSpec("Reader", dataGroup)));
    String principal = awaitReady("crash-roles").getStatus().getPrincipalId();
    stack
        .emulator()
        .control()
        .injectFault(FaultRule.status("DELETE", "/userAssignedIdentities/crash-roles$", 500, -1));

    cr("crash-roles").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> assignmentsOf(principal).isEmpty());
    // The operator dies there: the identity is still in Azure, the finalizer still on the resource.
    stack.stopOperator();
    assertThat(azureIdentity("crash-roles")).isPresent();
    assertThat(cr("crash-roles").get()).isNotNull();

    stack.emulator().control().clearFaults();
    stack.startOperator(stack.operatorConfig(RESYNC));
    await().atMost(Duration.ofSeconds(30)).until(() -> cr("crash-roles").get() == null);
    assertThat(azureIdentity("crash-roles")).isEmpty();
    assertThat(assignmentsOf(principal)).isEmpty();
  }
}
