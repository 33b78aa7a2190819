package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus.State;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.RecordedRequest;
import dev.operators.identity.emulator.authorization.DelegationConditions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator under the Azure-side guardrail the README shows: its own identity holds Role Based
 * Access Control Administrator on one resource group only, with a condition (conditionVersion 2.0)
 * that lets it write and delete Storage Blob Data Reader for service principals. Azure refuses
 * every other role there, whatever the cluster asks for. The refused role is an ordinary one (Key
 * Vault Secrets User), so no operator-side policy on privileged roles can refuse it first.
 */
class AzureSideConditionE2ETest extends E2EFixture {
  static final String RBAC_ADMINISTRATOR = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";
  static final String BLOB_DATA_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
  static final String SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";

  /** The README's condition with one role: writes and deletes of Storage Blob Data Reader. */
  static final String CONDITION =
      DelegationConditions.constrainRolesAndPrincipalTypes(List.of(BLOB_DATA_READER));

  static String guarded;

  @BeforeAll
  static void constrainTheOperatorsIdentity() {
    stack.emulator().control().createResourceGroup(sub, "rg-guarded", "eastus");
    guarded = "/subscriptions/" + sub + "/resourceGroups/rg-guarded";
    String operator = stack.emulator().clientObjectId();
    stack
        .emulator()
        .control()
        .putRoleAssignment(newAssignmentId(), assignment(RBAC_ADMINISTRATOR, operator, CONDITION));
  }

  static String newAssignmentId() {
    return guarded + "/providers/Microsoft.Authorization/roleAssignments/" + UUID.randomUUID();
  }

  static ObjectNode assignment(String role, String principalId, String condition) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode p = body.putObject("properties");
    p.put("roleDefinitionId", "/providers/Microsoft.Authorization/roleDefinitions/" + role);
    p.put("principalId", principalId).put("principalType", "ServicePrincipal");
    if (condition != null) {
      p.put("condition", condition).put("conditionVersion", "2.0");
    }
    return body;
  }

  UserAssignedIdentity withRoles(String name, RoleAssignmentSpec... roles) {
    var uai = identity(name, "eastus");
    uai.getSpec().setRoleAssignments(List.of(roles));
    return uai;
  }

  static List<JsonNode> assignmentsOfRole(String roleGuid) {
    return stack.emulator().control().roleAssignments().stream()
        .filter(a -> a.at("/properties/roleDefinitionId").asText().endsWith("/" + roleGuid))
        .toList();
  }

  static List<RecordedRequest> refusedByAzure(String method) {
    return stack.emulator().control().requests().stream()
        .filter(r -> r.method().equals(method) && r.path().contains("/roleAssignments/"))
        .filter(r -> r.status() == 403 && "AuthorizationFailed".equals(r.errorCode()))
        .toList();
  }

  void deleteAndAwaitGone(String name) {
    cr(name).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> cr(name).get() == null);
    assertThat(azureIdentity(name)).isEmpty();
  }

  @Test
  void aRoleTheConditionAllowsIsAssignedAndRemovedWithTheIdentity() {
    apply(withRoles("guarded-reader", new RoleAssignmentSpec("Storage Blob Data Reader", guarded)));
    String principal = awaitReady("guarded-reader").getStatus().getPrincipalId();
    assertThat(assignmentsOf(principal))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.at("/properties/roleDefinitionId").asText())
                    .endsWith("/" + BLOB_DATA_READER));

    deleteAndAwaitGone("guarded-reader");
    assertThat(assignmentsOf(principal)).isEmpty();
    assertThat(refusedByAzure("PUT")).isEmpty();
    assertThat(refusedByAzure("DELETE")).isEmpty();
  }

  @Test
  void aRoleTheConditionDoesNotAllowIsRefusedByAzureAndTheEntrySaysSo() {
    apply(
        withRoles(
            "guarded-secrets",
            new RoleAssignmentSpec("Storage Blob Data Reader", guarded),
            new RoleAssignmentSpec("Key Vault Secrets User", guarded)));
    UserAssignedIdentity refused =
        awaitCondition("guarded-secrets", "RoleAssignmentsReady", "False", "RoleAssignmentsFailed");
    String principal = refused.getStatus().getPrincipalId();

    RoleAssignmentStatus secrets = entry(refused, "Key Vault Secrets User");
    assertThat(secrets.getState()).isEqualTo(State.Failed);
    assertThat(secrets.getMessage())
        .contains("AuthorizationFailed")
        .contains("ABAC condition not fulfilled")
        .contains("'Microsoft.Authorization/roleAssignments/write'");
    assertThat(entry(refused, "Storage Blob Data Reader").getState()).isEqualTo(State.Ready);
    assertThat(condition(refused, "RoleAssignmentsReady").orElseThrow().getMessage())
        .contains("AuthorizationFailed");
    assertThat(condition(refused, "Ready").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(refusedByAzure("PUT")).isNotEmpty();
    assertThat(assignmentsOfRole(SECRETS_USER)).as("Azure stored nothing it refused").isEmpty();
    assertThat(assignmentsOf(principal)).hasSize(1);

    // A spec within the condition converges, and the identity goes with its assignment.
    edit(
        "guarded-secrets",
        spec ->
            spec.setRoleAssignments(
                List.of(new RoleAssignmentSpec("Storage Blob Data Reader", guarded))));
    awaitReady("guarded-secrets");
    deleteAndAwaitGone("guarded-secrets");
    assertThat(assignmentsOf(principal)).isEmpty();
  }

  @Test
  void anAssignmentTheConditionDoesNotCoverIsNotPrunedAndThePruneFailureIsReported() {
    apply(withRoles("guarded-prune", new RoleAssignmentSpec("Storage Blob Data Reader", guarded)));
    String principal = awaitReady("guarded-prune").getStatus().getPrincipalId();
    // An administrator grants the identity a role outside the condition: the operator, which
    // prunes what the spec does not declare, may not delete it.
    String extra = newAssignmentId();
    stack.emulator().control().putRoleAssignment(extra, assignment(SECRETS_USER, principal, null));

    UserAssignedIdentity reported =
        awaitCondition("guarded-prune", "RoleAssignmentsReady", "False", "RoleAssignmentsFailed");
    assertThat(condition(reported, "RoleAssignmentsReady").orElseThrow().getMessage())
        .contains("could not delete " + extra)
        .contains("AuthorizationFailed");
    assertThat(refusedByAzure("DELETE")).isNotEmpty();
    assertThat(stack.emulator().control().getResource(extra)).as("a refused delete").isPresent();

    // The administrator removes it; the identity is Ready again and can be deleted.
    assertThat(stack.emulator().control().deleteResource(extra)).isTrue();
    awaitReady("guarded-prune");
    deleteAndAwaitGone("guarded-prune");
    assertThat(assignmentsOf(principal)).isEmpty();
  }

  static RoleAssignmentStatus entry(UserAssignedIdentity uai, String role) {
    return uai.getStatus().getRoleAssignments().stream()
        .filter(e -> role.equals(e.getRole()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no status entry for " + role));
  }
}
