package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.authorization.DelegationConditions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The caller's own role assignments on the wire: Role Based Access Control Administrator with a
 * delegation condition decides which role assignments the emulator's client may write and delete.
 */
class EmulatorAbacConditionWireTest {
  static final String API = "?api-version=2022-04-01";
  static final String RBAC_ADMIN = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";
  static final String BLOB_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
  static final String SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";
  static final String OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  /** The portal's "Constrain roles and principal types": Storage Blob Data Reader, SPs only. */
  static final String CONDITION =
      DelegationConditions.constrainRolesAndPrincipalTypes(List.of(BLOB_READER));

  ArmEmulator emulator;
  EmulatorWire wire;
  String sub;
  String rg;
  String principal;

  @BeforeEach
  void start() {
    emulator = ArmEmulator.start(EmulatorConfig.defaults());
    wire = new EmulatorWire(emulator);
    sub = "/subscriptions/" + emulator.defaultSubscriptionId();
    emulator.control().createResourceGroup(emulator.defaultSubscriptionId(), "rg-abac", "eastus");
    emulator.control().createResourceGroup(emulator.defaultSubscriptionId(), "rg-other", "eastus");
    rg = sub + "/resourceGroups/rg-abac";
    principal = UUID.randomUUID().toString();
    emulator.control().addPrincipal(principal, "ServicePrincipal");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  static String assignmentId(String scope) {
    return scope + "/providers/Microsoft.Authorization/roleAssignments/" + UUID.randomUUID();
  }

  ObjectNode body(String role, String principalId, String type, String condition) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode p = body.putObject("properties");
    p.put("roleDefinitionId", sub + "/providers/Microsoft.Authorization/roleDefinitions/" + role);
    p.put("principalId", principalId);
    if (type != null) {
      p.put("principalType", type);
    }
    if (condition != null) {
      p.put("condition", condition).put("conditionVersion", "2.0");
    }
    return body;
  }

  /** The emulator's own client gets Role Based Access Control Administrator at this scope. */
  void constrainTheClient(String scope) {
    emulator
        .control()
        .putRoleAssignment(
            assignmentId(scope),
            body(RBAC_ADMIN, emulator.clientObjectId(), "ServicePrincipal", CONDITION));
  }

  EmulatorWire.Reply put(String id, String role, String type) {
    return wire.arm("PUT", id + API, body(role, principal, type, null).toString());
  }

  long assignmentsOfThePrincipal() {
    return emulator.control().roleAssignments().stream()
        .filter(a -> a.at("/properties/principalId").asText().equals(principal))
        .count();
  }

  @Test
  void withoutAssignmentsOfItsOwnTheClientMayWriteAnyRole() {
    assertThat(put(assignmentId(rg), OWNER, null).status()).isEqualTo(201);
  }

  @Test
  void theConditionLetsThroughOnlyTheListedRoleForAServicePrincipal() {
    constrainTheClient(rg);

    assertThat(put(assignmentId(rg), BLOB_READER, "ServicePrincipal").status()).isEqualTo(201);

    String refusedId = assignmentId(rg);
    EmulatorWire.Reply refused = put(refusedId, SECRETS_USER, "ServicePrincipal");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("AuthorizationFailed");
    String oid = emulator.clientObjectId();
    assertThat(refused.message())
        .isEqualTo(
            "The client '"
                + oid
                + "' with object id '"
                + oid
                + "' does not have authorization or an ABAC condition not fulfilled to perform"
                + " action 'Microsoft.Authorization/roleAssignments/write' over scope '"
                + refusedId
                + "' or the scope is invalid. If access was recently granted, please refresh your"
                + " credentials.");
    assertThat(put(assignmentId(rg), BLOB_READER, null).status())
        .as("principalType omitted: the PrincipalType comparison fails")
        .isEqualTo(403);
    assertThat(put(assignmentId(rg), BLOB_READER, "User").status()).isEqualTo(403);
    assertThat(assignmentsOfThePrincipal()).as("nothing stored on a refused write").isEqualTo(1);
  }

  @Test
  void anAssignmentAtOneResourceGroupGivesNoAuthorityOverAnotherOrAbove() {
    constrainTheClient(rg);

    assertThat(
            put(assignmentId(sub + "/resourceGroups/rg-other"), BLOB_READER, "ServicePrincipal")
                .status())
        .isEqualTo(403);
    assertThat(put(assignmentId(sub), BLOB_READER, "ServicePrincipal").status()).isEqualTo(403);
    constrainTheClient(sub);
    assertThat(
            put(assignmentId(sub + "/resourceGroups/rg-other"), BLOB_READER, "ServicePrincipal")
                .status())
        .as("inherited from the subscription")
        .isEqualTo(201);
  }

  @Test
  void aDeleteIsDecidedByTheStoredAssignmentAndARefusedOneDeletesNothing() {
    String allowed = assignmentId(rg);
    String unlisted = assignmentId(rg);
    assertThat(put(allowed, BLOB_READER, "ServicePrincipal").status()).isEqualTo(201);
    assertThat(put(unlisted, READER, "ServicePrincipal").status()).isEqualTo(201);
    constrainTheClient(rg);

    EmulatorWire.Reply refused = wire.arm("DELETE", unlisted + API, null);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.message())
        .contains("'Microsoft.Authorization/roleAssignments/delete' over scope '" + unlisted);
    assertThat(emulator.control().getResource(unlisted)).isPresent();

    assertThat(wire.arm("DELETE", allowed + API, null).status()).isEqualTo(200);
    assertThat(wire.arm("DELETE", allowed + API, null).status())
        .as("nothing left to delete: not evaluated")
        .isEqualTo(204);
    assertThat(assignmentsOfThePrincipal()).isEqualTo(1);
  }

  @Test
  void aConditionTheEmulatorCannotEvaluateIsRefusedWhenTheAssignmentIsWritten() {
    String storageCondition =
        "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals"
            + " 'logs'";
    EmulatorWire.Reply refused =
        wire.arm(
            "PUT",
            assignmentId(rg) + API,
            body(RBAC_ADMIN, principal, "ServicePrincipal", storageCondition).toString());
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("InvalidRoleAssignmentCondition");
    assertThat(refused.message())
        .startsWith("The given role assignment condition is invalid.")
        .contains("only Microsoft.Authorization/roleAssignments:RoleDefinitionId");

    assertThatThrownBy(
            () ->
                emulator
                    .control()
                    .putRoleAssignment(
                        assignmentId(rg),
                        body(RBAC_ADMIN, principal, "ServicePrincipal", storageCondition)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("InvalidRoleAssignmentCondition");

    ObjectNode versionOne = body(RBAC_ADMIN, principal, "ServicePrincipal", CONDITION);
    ((ObjectNode) versionOne.get("properties")).put("conditionVersion", "1.0");
    assertThat(wire.arm("PUT", assignmentId(rg) + API, versionOne.toString()).code())
        .isEqualTo("InvalidRoleAssignmentCondition");
    assertThat(
            wire.arm(
                    "PUT",
                    assignmentId(rg) + API,
                    body(READER, principal, "ServicePrincipal", storageCondition).toString())
                .status())
        .as("a condition on a role that manages no role assignments is stored unevaluated")
        .isEqualTo(201);
    assertThat(emulator.control().roleAssignments()).hasSize(1);
  }

  @Test
  void theControlApiCreatesTheClientsAssignmentOverHttp() throws Exception {
    String id = assignmentId(rg);
    JsonNode created =
        wire.control(
                "PUT",
                "/_emulator/roleAssignments?id=" + id,
                body(RBAC_ADMIN, emulator.clientObjectId(), "ServicePrincipal", CONDITION)
                    .toString())
            .body();
    assertThat(created.path("id").asText()).isEqualTo(id);
    assertThat(created.at("/properties/condition").asText()).isEqualTo(CONDITION);
    assertThat(put(assignmentId(rg), OWNER, "ServicePrincipal").status()).isEqualTo(403);
  }
}
