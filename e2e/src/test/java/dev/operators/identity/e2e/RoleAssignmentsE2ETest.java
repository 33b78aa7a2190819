package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.emulator.FaultRule;
import dev.operators.identity.emulator.ThrottlingConfig;
import dev.operators.identity.operator.azure.NewRoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleAssignmentWrite;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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

  List<JsonNode> assignmentsOf(String principalId) {
    return stack.emulator().control().roleAssignments().stream()
        .filter(a -> a.at("/properties/principalId").asText().equals(principalId))
        .toList();
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

  /** Someone else (a person in the portal, another tool) creates an assignment through ARM. */
  RoleAssignment outOfBand(String scope, String roleGuid, String principalId) {
    var write =
        someoneElse()
            .roleAssignments()
            .create(
                new NewRoleAssignment(
                    scope,
                    UUID.randomUUID().toString(),
                    "/subscriptions/"
                        + sub
                        + "/providers/Microsoft.Authorization/roleDefinitions/"
                        + roleGuid,
                    principalId,
                    "created outside the operator",
                    null,
                    null));
    return ((RoleAssignmentWrite.Written) write).assignment();
  }

  /** The resource's only role assignment entry becomes Ready under someone else's name. */
  void awaitAdopted(String resource, String theirs) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(cr(resource).get().getStatus().getRoleAssignments())
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getState()).isEqualTo(State.Ready);
                          assertThat(e.getName()).isEqualTo(theirs);
                        }));
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

    // Switch the Reader role (declared by GUID) to Contributor by name, drop the blob reader.
    edit(
        "app-roles",
        spec -> spec.setRoleAssignments(List.of(new RoleAssignmentSpec("Contributor", dataGroup))));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(keysOf(principal)).containsExactly(key(dataGroup, CONTRIBUTOR)));
    awaitReady("app-roles");

    cr("app-roles").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> cr("app-roles").get() == null);
    assertThat(assignmentsOf(principal)).isEmpty();
    assertThat(azureIdentity("app-roles")).isEmpty();
  }

  @Test
  void aConditionOrDescriptionChangeUpdatesTheSameAssignment() {
    var blob = new RoleAssignmentSpec("Storage Blob Data Reader", storage);
    blob.setDescription("read order exports");
    apply(withRoles("conditional-roles", blob));
    String principal = awaitReady("conditional-roles").getStatus().getPrincipalId();
    String name = assignmentsOf(principal).get(0).path("name").asText();

    String condition =
        "((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'}))"
            + " OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name]"
            + " StringEquals 'exports'))";
    edit(
        "conditional-roles",
        spec -> {
          spec.getRoleAssignments().get(0).setCondition(condition);
          spec.getRoleAssignments().get(0).setDescription("read the exports container only");
        });

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(assignmentsOf(principal))
                    .singleElement()
                    .satisfies(
                        a -> {
                          assertThat(a.path("name").asText()).isEqualTo(name);
                          assertThat(a.at("/properties/condition").asText()).isEqualTo(condition);
                          assertThat(a.at("/properties/conditionVersion").asText())
                              .isEqualTo("2.0");
                          assertThat(a.at("/properties/description").asText())
                              .isEqualTo("read the exports container only");
                        }));
    assertThat(stack.emulator().control().count("DELETE", "/roleAssignments/")).isZero();
  }

  @Test
  void driftIsRepairedBothWays() throws Exception {
    apply(withRoles("drift-roles", new RoleAssignmentSpec("Reader", dataGroup)));
    String principal = awaitReady("drift-roles").getStatus().getPrincipalId();
    JsonNode declared = assignmentsOf(principal).get(0);

    // Someone deletes the declared assignment and adds one of their own for the principal.
    stack.emulator().control().deleteResource(declared.path("id").asText());
    outOfBand(storage, CONTRIBUTOR, principal);
    assertThat(keysOf(principal)).containsExactly(key(storage, CONTRIBUTOR));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(keysOf(principal)).containsExactly(key(dataGroup, READER)));
  }

  @Test
  void anExistingAssignmentUnderAnotherNameIsAdoptedNotDuplicated() {
    apply(withRoles("adopt-roles"));
    String principal = awaitReady("adopt-roles").getStatus().getPrincipalId();
    String theirs = outOfBand(dataGroup, READER, principal).name();

    edit(
        "adopt-roles",
        spec -> spec.setRoleAssignments(List.of(new RoleAssignmentSpec("Reader", dataGroup))));

    awaitAdopted("adopt-roles", theirs);
    assertThat(assignmentsOf(principal)).hasSize(1);
  }

  @Test
  void anAssignmentTheListingDoesNotShowYetIsAdoptedFromTheConflict() {
    apply(withRoles("lagging-roles"));
    String principal = awaitReady("lagging-roles").getStatus().getPrincipalId();
    // ARM's listings lag behind writes: someone else's fresh assignment is not listed yet, so the
    // operator's create meets 409 RoleAssignmentExists naming it, and adopts it.
    stack.emulator().control().setRoleAssignmentListingLag(Duration.ofMinutes(5));
    try {
      String theirs = outOfBand(dataGroup, READER, principal).name();

      edit(
          "lagging-roles",
          spec -> spec.setRoleAssignments(List.of(new RoleAssignmentSpec("Reader", dataGroup))));

      awaitAdopted("lagging-roles", theirs);
      assertThat(assignmentsOf(principal)).hasSize(1);
      assertThat(events("lagging-roles"))
          .anyMatch(e -> e.startsWith("Normal RoleAssignmentAdopted"));
      assertThat(stack.emulator().control().count("PUT", "/roleAssignments/")).isPositive();
    } finally {
      stack.emulator().control().setRoleAssignmentListingLag(Duration.ZERO);
    }
  }

  @Test
  void oneBadEntryFailsAloneWhileTheOthersConverge() {
    apply(
        withRoles(
            "mixed-roles",
            new RoleAssignmentSpec("Reader", dataGroup),
            new RoleAssignmentSpec("Storage Blob Data Raeder", storage),
            new RoleAssignmentSpec(
                "Reader", dataGroup + "/providers/Microsoft.Storage/storageAccounts/missing")));

    UserAssignedIdentity failed =
        awaitCondition("mixed-roles", "RoleAssignmentsReady", "False", "RoleAssignmentsFailed");

    List<RoleAssignmentStatus> entries = failed.getStatus().getRoleAssignments();
    assertThat(entries.get(0).getState()).isEqualTo(State.Ready);
    assertThat(entries.get(1).getState()).isEqualTo(State.Failed);
    assertThat(entries.get(1).getMessage())
        .contains("Storage Blob Data Raeder")
        .contains("does not exist");
    assertThat(entries.get(2).getState()).isEqualTo(State.Failed);
    assertThat(entries.get(2).getMessage()).contains("404");
    assertThat(condition(failed, "IdentityReady").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(events("mixed-roles")).anyMatch(e -> e.startsWith("Warning RoleAssignmentFailed"));
  }

  @Test
  void aForbiddenScopeFailsThatAssignmentWithAzuresCode() {
    stack.emulator().control().denyAction("Microsoft.Authorization/roleAssignments/write", storage);
    try {
      apply(
          withRoles(
              "denied-roles",
              new RoleAssignmentSpec("Reader", dataGroup),
              new RoleAssignmentSpec("Storage Blob Data Reader", storage)));

      UserAssignedIdentity failed =
          awaitCondition("denied-roles", "RoleAssignmentsReady", "False", "RoleAssignmentsFailed");
      assertThat(failed.getStatus().getRoleAssignments().get(0).getState()).isEqualTo(State.Ready);
      assertThat(failed.getStatus().getRoleAssignments().get(1).getMessage())
          .contains("403 AuthorizationFailed");
    } finally {
      stack.emulator().control().clearDenials();
    }
  }

  @Test
  void aFailingListingDeletesNothingUntilItWorksAgain() throws Exception {
    apply(withRoles("listing-roles", new RoleAssignmentSpec("Reader", dataGroup)));
    String principal = awaitReady("listing-roles").getStatus().getPrincipalId();
    String extra = outOfBand(storage, CONTRIBUTOR, principal).id();
    stack.emulator().control().injectFault(FaultRule.status("GET", "/roleAssignments$", 500, -1));

    awaitCondition("listing-roles", "RoleAssignmentsReady", "False", "RoleAssignmentsFailed");
    Thread.sleep(RESYNC.toMillis() * 2);
    assertThat(stack.emulator().control().getResource(extra)).isPresent();

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

  @Test
  void anIdentityRecreatedOutOfBandGetsItsAssignmentsBackAndTheOldOnesGo() {
    apply(withRoles("reborn-roles", new RoleAssignmentSpec("Reader", dataGroup)));
    String oldPrincipal = awaitReady("reborn-roles").getStatus().getPrincipalId();

    // Azure keeps the role assignments of a deleted identity, pointing at nothing.
    stack.emulator().control().deleteResource(armId("reborn-roles"));
    assertThat(assignmentsOf(oldPrincipal)).hasSize(1);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              String principal = cr("reborn-roles").get().getStatus().getPrincipalId();
              assertThat(principal).isNotEqualTo(oldPrincipal);
              assertThat(keysOf(principal)).containsExactly(key(dataGroup, READER));
              assertThat(assignmentsOf(oldPrincipal)).isEmpty();
            });
  }

  @Test
  void directoryReplicationDelayDoesNotHoldUpAssignments(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    // A directory that lags five minutes behind new principals: Azure answers PrincipalNotFound to
    // an assignment without principalType. The operator sends ServicePrincipal, so it lands.
    try (EmbeddedStack slow =
        EmbeddedStack.start(
            EmulatorConfig.defaults()
                .withThrottling(ThrottlingConfig.unlimited())
                .withPrincipalReplicationDelay(Duration.ofMinutes(5)),
            0,
            dir)) {
      slow.emulator().control().createResourceGroup(sub, RG, "eastus");
      slow.emulator().control().createResourceGroup(sub, "rg-data", "eastus");
      slow.kubernetes().createNamespace("replication");
      slow.startOperator(slow.operatorConfig(RESYNC));
      var uai = withRoles("fresh-principal", new RoleAssignmentSpec("Reader", dataGroup));
      uai.getMetadata().setNamespace("replication");
      slow.client().resource(uai).create();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                var current =
                    slow.client()
                        .resources(UserAssignedIdentity.class)
                        .inNamespace("replication")
                        .withName("fresh-principal")
                        .get();
                assertThat(condition(current, "Ready").map(c -> c.getStatus())).contains("True");
              });
      assertThat(slow.emulator().control().roleAssignments()).hasSize(1);
    }
  }

  @Test
  void privilegedRolesAreFlagged() {
    apply(withRoles("admin-roles", new RoleAssignmentSpec("Owner", dataGroup)));

    UserAssignedIdentity ready = awaitReady("admin-roles");

    assertThat(condition(ready, "PrivilegedAssignment").orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(events("admin-roles")).anyMatch(e -> e.startsWith("Warning PrivilegedAssignment"));
  }
}
