package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.fluent.RoleAssignmentsClient;
import com.azure.resourcemanager.authorization.fluent.RoleDefinitionsClient;
import com.azure.resourcemanager.authorization.fluent.models.PermissionInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleDefinitionInner;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import com.azure.resourcemanager.authorization.models.RoleDefinition;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Microsoft.Authorization in the emulator through the real azure-resourcemanager-authorization. */
class EmulatorAuthorizationSdkTest {
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final String BLOB_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";

  private static ArmEmulator emulator;
  private static AuthorizationManager manager;
  private static RoleAssignmentsClient assignments;
  private static RoleDefinitionsClient definitions;
  private static String sub;
  private static String rgScope;
  private static String storageScope;
  private static String principalId;

  @BeforeAll
  static void start() {
    emulator = ArmEmulator.start(EmulatorConfig.defaults());
    EmulatorSdkClients clients = EmulatorSdkClients.of(emulator);
    manager =
        AuthorizationManager.configure()
            .withHttpClient(clients.httpClient())
            .authenticate(clients.credential(), clients.profile());
    assignments = manager.roleServiceClient().getRoleAssignments();
    definitions = manager.roleServiceClient().getRoleDefinitions();
    sub = "/subscriptions/" + emulator.defaultSubscriptionId();
    emulator.control().createResourceGroup(emulator.defaultSubscriptionId(), "rg-auth", "eastus");
    rgScope = sub + "/resourceGroups/rg-auth";
    storageScope = rgScope + "/providers/Microsoft.Storage/storageAccounts/stauth";
    JsonNodeFactory f = JsonNodeFactory.instance;
    emulator.control().putResource(storageScope, f.objectNode().put("location", "eastus"));
    principalId =
        emulator
            .control()
            .putResource(
                rgScope + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-auth",
                f.objectNode().put("location", "eastus"))
            .path("properties")
            .path("principalId")
            .asText();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  /**
   * The role-assignment clients send $filter as given (x-ms-skip-url-encoding in the spec): callers
   * must percent-encode it themselves, or the JDK client rejects the URL. The role-definition
   * clients encode it themselves.
   */
  static String enc(String filter) {
    return java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private static RoleAssignmentCreateParameters params(String role) {
    return new RoleAssignmentCreateParameters()
        .withRoleDefinitionId(sub + "/providers/Microsoft.Authorization/roleDefinitions/" + role)
        .withPrincipalId(principalId)
        .withPrincipalType(PrincipalType.SERVICE_PRINCIPAL)
        .withDescription("granted by the test");
  }

  @Test
  void roleDefinitionsByNameByIdAndType() {
    RoleDefinition byName =
        manager.roleDefinitions().getByScopeAndRoleName(sub, "Storage Blob Data Reader");
    assertThat(byName.name()).isEqualTo(BLOB_READER);
    assertThat(byName.id())
        .isEqualTo(sub + "/providers/Microsoft.Authorization/roleDefinitions/" + BLOB_READER);
    assertThat(byName.roleName()).isEqualTo("Storage Blob Data Reader");

    RoleDefinitionInner byId =
        definitions.getById(sub + "/providers/Microsoft.Authorization/roleDefinitions/" + READER);
    assertThat(byId.roleName()).isEqualTo("Reader");
    assertThat(definitions.get(rgScope, READER).roleName()).isEqualTo("Reader");

    List<RoleDefinitionInner> builtIn =
        definitions.list(sub, "type eq 'BuiltInRole'", Context.NONE).stream().toList();
    assertThat(builtIn).hasSizeGreaterThanOrEqualTo(30);
    assertThat(definitions.list(sub, "type eq 'CustomRole'", Context.NONE).stream().toList())
        .isEmpty();

    assertThatThrownBy(() -> definitions.get(sub, UUID.randomUUID().toString()))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
              assertThat(e.getValue().getCode()).isEqualTo("RoleDefinitionDoesNotExist");
            });
  }

  @Test
  void customRoleCreateListDelete() {
    String guid = UUID.randomUUID().toString();
    RoleDefinitionInner created =
        definitions.createOrUpdate(
            sub,
            guid,
            new RoleDefinitionInner()
                .withRoleName("Emulator Custom Reader")
                .withDescription("custom")
                .withRoleType("CustomRole")
                .withPermissions(
                    List.of(new PermissionInner().withActions(List.of("Microsoft.Storage/*/read"))))
                .withAssignableScopes(List.of(sub)));
    assertThat(created.name()).isEqualTo(guid);
    assertThat(created.roleType()).isEqualTo("CustomRole");
    assertThat(
            definitions.list(rgScope, "roleName eq 'Emulator Custom Reader'", Context.NONE).stream()
                .map(RoleDefinitionInner::name))
        .containsExactly(guid);
    assertThat(definitions.delete(sub, guid).name()).isEqualTo(guid);
    assertThat(definitions.list(sub, "type eq 'CustomRole'", Context.NONE).stream()).isEmpty();
  }

  @Test
  void listingsLagBehindWritesWhenALagIsSet() {
    emulator.control().setRoleAssignmentListingLag(java.time.Duration.ofMinutes(1));
    try {
      String name = UUID.randomUUID().toString();
      RoleAssignmentInner fresh = assignments.create(storageScope, name, params(BLOB_READER));

      assertThat(assignments.list().stream().map(RoleAssignmentInner::name)).doesNotContain(name);
      assertThat(assignments.getById(fresh.id()).name()).isEqualTo(name);
      // A second create of the same principal, role and scope still conflicts.
      assertThatThrownBy(
              () ->
                  assignments.create(
                      storageScope, UUID.randomUUID().toString(), params(BLOB_READER)))
          .hasMessageContaining("RoleAssignmentExists");

      emulator.control().setRoleAssignmentListingLag(java.time.Duration.ZERO);
      assertThat(assignments.list().stream().map(RoleAssignmentInner::name)).contains(name);
      assignments.deleteById(fresh.id());
    } finally {
      emulator.control().setRoleAssignmentListingLag(java.time.Duration.ZERO);
    }
  }

  @Test
  void assignmentsAtSubscriptionResourceGroupAndResource() {
    String atSub = UUID.randomUUID().toString();
    String atRg = UUID.randomUUID().toString();
    String atResource = UUID.randomUUID().toString();
    RoleAssignmentInner s = assignments.create(sub, atSub, params(READER));
    RoleAssignmentInner g = assignments.create(rgScope, atRg, params(BLOB_READER));
    RoleAssignmentInner r = assignments.create(storageScope, atResource, params(READER));
    assertThat(s.scope()).isEqualTo(sub);
    assertThat(g.roleDefinitionId())
        .isEqualTo(sub + "/providers/Microsoft.Authorization/roleDefinitions/" + BLOB_READER);
    assertThat(r.id())
        .isEqualTo(
            storageScope + "/providers/Microsoft.Authorization/roleAssignments/" + atResource);
    assertThat(r.principalType()).isEqualTo(PrincipalType.SERVICE_PRINCIPAL);
    assertThat(r.description()).isEqualTo("granted by the test");

    assertThat(assignments.get(rgScope, atRg).principalId()).isEqualTo(principalId);
    assertThat(assignments.getById(r.id()).name()).isEqualTo(atResource);

    // subscription list without filter: at and below
    assertThat(assignments.list().stream().map(RoleAssignmentInner::name))
        .contains(atSub, atRg, atResource);
    // resource group list: at, above and below
    assertThat(assignments.listByResourceGroup("rg-auth").stream().map(RoleAssignmentInner::name))
        .contains(atSub, atRg, atResource);
    // atScope(): at and above only
    assertThat(
            assignments.listForScope(rgScope, "atScope()", null, null, Context.NONE).stream()
                .map(RoleAssignmentInner::name))
        .contains(atSub, atRg)
        .doesNotContain(atResource);
    assertThat(
            assignments
                .listForScope(
                    sub, enc("principalId eq '" + principalId + "'"), null, null, Context.NONE)
                .stream()
                .map(RoleAssignmentInner::name))
        .containsExactlyInAnyOrder(atSub, atRg, atResource);
    assertThat(
            assignments
                .listForScope(
                    storageScope,
                    enc("atScope() and assignedTo('" + principalId + "')"),
                    null,
                    null,
                    Context.NONE)
                .stream()
                .map(RoleAssignmentInner::name))
        .containsExactlyInAnyOrder(atSub, atRg, atResource);
    assertThat(
            assignments
                .listForResource("rg-auth", "Microsoft.Storage", "storageAccounts", "stauth")
                .stream()
                .map(RoleAssignmentInner::name))
        .contains(atSub, atRg, atResource);

    assertThat(assignments.deleteById(r.id()).name()).isEqualTo(atResource);
    assertThat(assignments.delete(rgScope, atRg).name()).isEqualTo(atRg);
    assertThat(assignments.delete(sub, atSub).name()).isEqualTo(atSub);
    assertThat(assignments.delete(sub, atSub)).isNull(); // 204
    assertThatThrownBy(() -> assignments.get(sub, atSub))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> assertThat(e.getValue().getCode()).isEqualTo("RoleAssignmentNotFound"));
  }
}
