package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Microsoft.Authorization on the wire: error codes, messages, inheritance, paging, denials. */
class EmulatorAuthorizationWireTest {
  static final String API = "?api-version=2022-04-01";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";

  TestClock clock;
  ArmEmulator emulator;
  EmulatorWire wire;
  String sub;
  String rg;

  @BeforeEach
  void start() {
    clock = new TestClock();
    emulator =
        ArmEmulator.start(
            EmulatorConfig.defaults()
                .withPrincipalReplicationDelay(Duration.ofMillis(700))
                .withRoleAssignmentLimit(150)
                .withClock(clock));
    wire = new EmulatorWire(emulator);
    sub = "/subscriptions/" + emulator.defaultSubscriptionId();
    emulator.control().createResourceGroup(emulator.defaultSubscriptionId(), "rg-w", "eastus");
    rg = sub + "/resourceGroups/rg-w";
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  String identity(String name) {
    return emulator
        .control()
        .putResource(
            rg + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + name,
            JsonNodeFactory.instance.objectNode().put("location", "eastus"))
        .path("properties")
        .path("principalId")
        .asText();
  }

  /** An identity whose principal the directory has replicated (the delay has passed). */
  String replicatedIdentity(String name) {
    String principal = identity(name);
    clock.advance(Duration.ofMillis(750));
    return principal;
  }

  static String body(String scopeSub, String role, String principal, String type) {
    return "{\"properties\":{\"roleDefinitionId\":\""
        + scopeSub
        + "/providers/Microsoft.Authorization/roleDefinitions/"
        + role
        + "\",\"principalId\":\""
        + principal
        + "\""
        + (type == null ? "" : ",\"principalType\":\"" + type + "\"")
        + "}}";
  }

  EmulatorWire.Reply put(String scope, String name, String body) {
    return wire.arm(
        "PUT", scope + "/providers/Microsoft.Authorization/roleAssignments/" + name + API, body);
  }

  static String hex(String guid) {
    return guid.replace("-", "");
  }

  @Test
  void validationErrors() {
    String principal = replicatedIdentity("id-a");
    EmulatorWire.Reply notGuid = put(sub, "not-a-guid", body(sub, READER, principal, null));
    assertThat(notGuid.status()).isEqualTo(400);
    assertThat(notGuid.code()).isEqualTo("InvalidRoleAssignmentId");

    EmulatorWire.Reply badPrincipal =
        put(sub, UUID.randomUUID().toString(), body(sub, READER, "abc", null));
    assertThat(badPrincipal.status()).isEqualTo(400);
    assertThat(badPrincipal.code()).isEqualTo("InvalidPrincipalId");
    assertThat(badPrincipal.message())
        .isEqualTo("A valid principal ID must be provided for role assignment.");

    String missingRole = UUID.randomUUID().toString();
    EmulatorWire.Reply noRole =
        put(sub, UUID.randomUUID().toString(), body(sub, missingRole, principal, null));
    assertThat(noRole.status()).isEqualTo(400);
    assertThat(noRole.code()).isEqualTo("RoleDefinitionDoesNotExist");
    assertThat(noRole.message())
        .isEqualTo("The specified role definition with ID '" + missingRole + "' does not exist.");

    EmulatorWire.Reply noGroup =
        put(
            sub + "/resourceGroups/missing",
            UUID.randomUUID().toString(),
            body(sub, READER, principal, null));
    assertThat(noGroup.status()).isEqualTo(404);
    assertThat(noGroup.code()).isEqualTo("ResourceGroupNotFound");

    EmulatorWire.Reply noResource =
        put(
            rg + "/providers/Microsoft.Storage/storageAccounts/missing",
            UUID.randomUUID().toString(),
            body(sub, READER, principal, null));
    assertThat(noResource.status()).isEqualTo(404);
    assertThat(noResource.code()).isEqualTo("ResourceNotFound");

    EmulatorWire.Reply noSubscription =
        put(
            "/subscriptions/" + UUID.randomUUID(),
            UUID.randomUUID().toString(),
            body(sub, READER, principal, null));
    assertThat(noSubscription.status()).isEqualTo(404);
    assertThat(noSubscription.code()).isEqualTo("SubscriptionNotFound");

    EmulatorWire.Reply wrongType =
        put(sub, UUID.randomUUID().toString(), body(sub, READER, principal, "User"));
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.code()).isEqualTo("UnmatchedPrincipalType");

    EmulatorWire.Reply missing =
        wire.arm(
            "GET",
            sub + "/providers/Microsoft.Authorization/roleAssignments/" + UUID.randomUUID() + API,
            null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.code()).isEqualTo("RoleAssignmentNotFound");
    assertThat(
            wire.arm(
                    "DELETE",
                    sub
                        + "/providers/Microsoft.Authorization/roleAssignments/"
                        + UUID.randomUUID()
                        + API,
                    null)
                .status())
        .isEqualTo(204);
  }

  @Test
  void createRepeatConflictAndUpdate() {
    String principal = replicatedIdentity("id-b");
    String name = UUID.randomUUID().toString();
    EmulatorWire.Reply created = put(rg, name, body(sub, READER, principal, null));
    assertThat(created.status()).isEqualTo(201);
    JsonNode p = created.body().path("properties");
    assertThat(p.path("principalType").asText()).isEqualTo("ServicePrincipal");
    assertThat(p.path("scope").asText()).isEqualTo(rg);
    assertThat(p.path("roleDefinitionId").asText())
        .isEqualTo(sub + "/providers/Microsoft.Authorization/roleDefinitions/" + READER);
    assertThat(p.path("createdBy").asText()).isEqualTo(emulator.clientObjectId());
    assertThat(p.has("condition") && p.get("condition").isNull()).isTrue();
    assertThat(created.body().path("type").asText())
        .isEqualTo("Microsoft.Authorization/roleAssignments");

    assertThat(put(rg, name, body(sub, READER, principal, null)).status()).isEqualTo(200);

    EmulatorWire.Reply exists =
        put(rg, UUID.randomUUID().toString(), body(sub, READER, principal, null));
    assertThat(exists.status()).isEqualTo(409);
    assertThat(exists.code()).isEqualTo("RoleAssignmentExists");
    assertThat(exists.message())
        .isEqualTo(
            "The role assignment already exists. The ID of the existing role assignment is "
                + hex(name)
                + ".");

    EmulatorWire.Reply changed = put(rg, name, body(sub, CONTRIBUTOR, principal, null));
    assertThat(changed.status()).isEqualTo(400);
    assertThat(changed.code()).isEqualTo("RoleAssignmentUpdateNotPermitted");
  }

  @Test
  void principalNotFoundAndReplicationDelay() {
    String young = identity("id-young");
    EmulatorWire.Reply early =
        put(sub, UUID.randomUUID().toString(), body(sub, READER, young, null));
    assertThat(early.status()).isEqualTo(400);
    assertThat(early.code()).isEqualTo("PrincipalNotFound");
    assertThat(early.message())
        .isEqualTo(
            "Principal "
                + hex(young)
                + " does not exist in the directory "
                + emulator.tenantId()
                + ". Check that you have the correct principal ID. If you are creating this"
                + " principal and then immediately assigning a role, this error might be related to"
                + " a replication delay. In this case, set the role assignment principalType"
                + " property to a value, such as ServicePrincipal, User, or Group.  See"
                + " https://aka.ms/docs-principaltype");
    assertThat(
            put(sub, UUID.randomUUID().toString(), body(sub, READER, young, "ServicePrincipal"))
                .status())
        .isEqualTo(201);
    clock.advance(Duration.ofMillis(750));
    assertThat(put(sub, UUID.randomUUID().toString(), body(sub, CONTRIBUTOR, young, null)).status())
        .isEqualTo(201);

    String unknown = UUID.randomUUID().toString();
    assertThat(put(sub, UUID.randomUUID().toString(), body(sub, READER, unknown, null)).code())
        .isEqualTo("PrincipalNotFound");
    assertThat(put(sub, UUID.randomUUID().toString(), body(sub, READER, unknown, "User")).status())
        .isEqualTo(201);

    String user = UUID.randomUUID().toString();
    emulator.control().addPrincipal(user, "User");
    EmulatorWire.Reply seeded =
        put(sub, UUID.randomUUID().toString(), body(sub, READER, user, null));
    assertThat(seeded.body().path("properties").path("principalType").asText()).isEqualTo("User");
  }

  @Test
  void assignmentsSurviveIdentityDeletionAndGoWithTheirScope() {
    String principal = replicatedIdentity("id-gone");
    String name = UUID.randomUUID().toString();
    assertThat(put(sub, name, body(sub, READER, principal, "ServicePrincipal")).status())
        .isEqualTo(201);
    assertThat(put(rg, UUID.randomUUID().toString(), body(sub, READER, principal, null)).status())
        .isEqualTo(201);
    assertThat(
            wire.arm(
                    "DELETE",
                    wire.identityPath("rg-w", "id-gone") + "?api-version=" + EmulatorWire.MSI_API,
                    null)
                .status())
        .isEqualTo(200);
    assertThat(emulator.control().roleAssignments()).hasSize(2);
    // the deleted identity's principal is gone from the directory: its assignments stay, shown
    // with principal type Unknown ("Identity not found"; EmulatorOrphanedAssignmentsTest)
    EmulatorWire.Reply get =
        wire.arm(
            "GET", sub + "/providers/Microsoft.Authorization/roleAssignments/" + name + API, null);
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body().path("properties").path("principalType").asText()).isEqualTo("Unknown");
    emulator.control().deleteResource(rg);
    assertThat(emulator.control().roleAssignments()).hasSize(1);
  }

  @Test
  void limitPagingAndInheritance() {
    clock.advance(Duration.ofMillis(750));
    for (int i = 0; i < 150; i++) {
      String p = UUID.randomUUID().toString();
      assertThat(
              put(rg, UUID.randomUUID().toString(), body(sub, READER, p, "ServicePrincipal"))
                  .status())
          .isEqualTo(201);
    }
    EmulatorWire.Reply limit =
        put(
            sub,
            UUID.randomUUID().toString(),
            body(sub, READER, UUID.randomUUID().toString(), "User"));
    assertThat(limit.status()).isEqualTo(400);
    assertThat(limit.code()).isEqualTo("RoleAssignmentLimitExceeded");

    List<String> names = new ArrayList<>();
    String next = sub + "/providers/Microsoft.Authorization/roleAssignments" + API;
    int pages = 0;
    while (next != null) {
      EmulatorWire.Reply page = wire.arm("GET", next, null);
      assertThat(page.status()).isEqualTo(200);
      page.body().path("value").forEach(v -> names.add(v.path("name").asText()));
      String link = page.body().path("nextLink").asText(null);
      next = link == null ? null : link.substring(emulator.baseUrl().toString().length());
      pages++;
    }
    assertThat(pages).isEqualTo(2);
    assertThat(names).hasSize(150).doesNotHaveDuplicates();
    // atScope() at the subscription excludes the resource-group assignments
    EmulatorWire.Reply atScope =
        wire.arm(
            "GET",
            sub + "/providers/Microsoft.Authorization/roleAssignments" + API + "&$filter=atScope()",
            null);
    assertThat(atScope.body().path("value")).isEmpty();
  }

  @Test
  void managementGroupScopeIsInherited() {
    String principal = replicatedIdentity("id-mg");
    emulator
        .control()
        .createManagementGroup("mg-apps", null, List.of(emulator.defaultSubscriptionId()));
    String mg = "/providers/Microsoft.Management/managementGroups/mg-apps";
    EmulatorWire.Reply created =
        put(mg, UUID.randomUUID().toString(), body("", READER, principal, null));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("properties").path("roleDefinitionId").asText())
        .isEqualTo("/providers/Microsoft.Authorization/roleDefinitions/" + READER);
    EmulatorWire.Reply atRg =
        wire.arm(
            "GET",
            rg + "/providers/Microsoft.Authorization/roleAssignments" + API + "&$filter=atScope()",
            null);
    assertThat(atRg.body().path("value").get(0).path("properties").path("scope").asText())
        .isEqualTo(mg);
    EmulatorWire.Reply unknownMg =
        put(
            "/providers/Microsoft.Management/managementGroups/nope",
            UUID.randomUUID().toString(),
            body("", READER, principal, null));
    assertThat(unknownMg.status()).isEqualTo(403);
  }

  @Test
  void denialsAnswerAuthorizationFailed() {
    String principal = replicatedIdentity("id-denied");
    wire.control(
        "POST",
        "/_emulator/denials",
        "{\"actionRegex\":\"Microsoft.Authorization/roleAssignments/write\",\"scopePrefix\":\""
            + rg
            + "\"}");
    String name = UUID.randomUUID().toString();
    EmulatorWire.Reply denied = put(rg, name, body(sub, READER, principal, null));
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.code()).isEqualTo("AuthorizationFailed");
    String oid = emulator.clientObjectId();
    assertThat(denied.message())
        .isEqualTo(
            "The client '"
                + oid
                + "' with object id '"
                + oid
                + "' does not have authorization to perform action"
                + " 'Microsoft.Authorization/roleAssignments/write' over scope '"
                + rg
                + "/providers/Microsoft.Authorization/roleAssignments/"
                + name
                + "' or the scope is invalid. If access was recently granted, please refresh your"
                + " credentials.");
    assertThat(put(sub, name, body(sub, READER, principal, null)).status()).isEqualTo(201);
    emulator.control().denyAction("Microsoft.ManagedIdentity/userAssignedIdentities/read", null);
    assertThat(
            wire.arm(
                    "GET",
                    wire.identityPath("rg-w", "id-denied") + "?api-version=" + EmulatorWire.MSI_API,
                    null)
                .code())
        .isEqualTo("AuthorizationFailed");
    assertThat(wire.control("DELETE", "/_emulator/denials", null).status()).isEqualTo(204);
    assertThat(put(rg, name, body(sub, READER, principal, null)).status()).isEqualTo(201);
    assertThat(wire.control("GET", "/_emulator/roleAssignments", null).body().path("value"))
        .hasSize(2);
  }
}
