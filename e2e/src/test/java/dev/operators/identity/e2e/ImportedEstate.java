package dev.operators.identity.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.ArmEmulator;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.IdentityRef;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An estate made by hand, as a platform team has one before the operator: three identities in one
 * resource group with role assignments at the subscription, resource groups and a resource, one at
 * a management group above the subscription, federated credentials (one flexible) and attachments
 * to a VM and a web app. {@link #snapshot} is how Azure looks, to compare before and after.
 */
final class ImportedEstate {

  static final String GROUP = "rg-estate";
  static final String MANAGEMENT_GROUP = "mg-estate";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  static final String BLOB_DATA_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
  static final String ISSUER = "https://oidc.prod-aks.example/tenant/cluster/";
  static final String GITHUB = "https://token.actions.githubusercontent.com";
  static final ObjectMapper JSON = new ObjectMapper();

  final String sub;
  final String ordersApi;
  final String ordersBatch;
  final String billing;
  final String vm;
  final String web;
  final String managementGroupAssignment;

  private final ArmEmulator emulator;

  ImportedEstate(ArmEmulator emulator, AzurePorts someoneElse) throws Exception {
    this.emulator = emulator;
    this.sub = emulator.defaultSubscriptionId();
    var control = emulator.control();
    control.createResourceGroup(sub, GROUP, "eastus");
    control.createResourceGroup(sub, "rg-data", "eastus");
    control.createManagementGroup(MANAGEMENT_GROUP, null, List.of(sub));
    ordersApi = identity("orders-api", "{\"team\":\"orders\",\"cost-center\":\"42\"}", "Regional");
    ordersBatch = identity("Orders_Batch", "{\"team\":\"orders\"}", "None");
    billing = identity("billing-reader", null, "None");
    String group = "/subscriptions/" + sub + "/resourceGroups/" + GROUP;
    String data = "/subscriptions/" + sub + "/resourceGroups/rg-data";
    String account = data + "/providers/Microsoft.Storage/storageAccounts/ordersdata";
    control.putResource(account, JSON.createObjectNode().put("location", "eastus"));
    assign(ordersApi, READER, group, "read the orders group");
    assign(ordersApi, BLOB_DATA_READER, account, null);
    assign(ordersApi, READER, "/subscriptions/" + sub, null);
    managementGroupAssignment =
        assign(
            ordersApi,
            CONTRIBUTOR,
            "/providers/Microsoft.Management/managementGroups/" + MANAGEMENT_GROUP,
            "made at the management group: not the identity's own");
    assign(ordersBatch, CONTRIBUTOR, data, null);
    var credentials = someoneElse.federatedCredentials();
    credentials.put(
        IdentityRef.parse(ordersApi),
        new FederatedCredential(
            "aks-orders-api",
            ISSUER,
            "system:serviceaccount:team-orders:orders-api",
            List.of("api://AzureADTokenExchange")));
    credentials.put(
        IdentityRef.parse(ordersBatch),
        new FederatedCredential(
            "github-orders",
            GITHUB,
            null,
            new FederatedCredential.Expression(
                "claims['sub'] matches 'repo:contoso/orders:*' and claims['repository_id'] eq"
                    + " '456789'",
                1),
            List.of("api://AzureADTokenExchange")));
    vm = attached("Microsoft.Compute/virtualMachines", "vm-orders", ordersApi, ordersBatch);
    web = attached("Microsoft.Web/sites", "app-orders", ordersApi);
  }

  private String identity(String name, String tags, String isolationScope) {
    String id =
        "/subscriptions/"
            + sub
            + "/resourceGroups/"
            + GROUP
            + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
            + name;
    ObjectNode body = JSON.createObjectNode().put("location", "eastus");
    if (tags != null) {
      body.set("tags", read(tags));
    }
    body.putObject("properties").put("isolationScope", isolationScope);
    emulator.control().putResource(id, body);
    return id;
  }

  String principal(String identityId) {
    return emulator
        .control()
        .getResource(identityId)
        .orElseThrow()
        .at("/properties/principalId")
        .asText();
  }

  private String assign(String identityId, String role, String scope, String description) {
    String id = scope + "/providers/Microsoft.Authorization/roleAssignments/" + UUID.randomUUID();
    ObjectNode body = JSON.createObjectNode();
    ObjectNode p = body.putObject("properties");
    p.put("roleDefinitionId", "/providers/Microsoft.Authorization/roleDefinitions/" + role);
    p.put("principalId", principal(identityId));
    p.put("principalType", "ServicePrincipal");
    if (description != null) {
      p.put("description", description);
    }
    emulator.control().putRoleAssignment(id, body);
    return id;
  }

  private String attached(String type, String name, String... identityIds) {
    String id =
        "/subscriptions/" + sub + "/resourceGroups/" + GROUP + "/providers/" + type + "/" + name;
    ObjectNode body = JSON.createObjectNode().put("location", "eastus");
    ObjectNode identity = body.putObject("identity").put("type", "UserAssigned");
    ObjectNode users = identity.putObject("userAssignedIdentities");
    for (String identityId : identityIds) {
      users.putObject(identityId);
    }
    emulator.control().putResource(id, body);
    return id;
  }

  /**
   * How Azure looks: each identity (tags but the operator's ownership tags, isolation scope), every
   * role assignment of the estate's principals at or below the subscription, each identity's
   * federated credentials, and the identity blocks of the VM and the web app.
   */
  Map<String, JsonNode> snapshot() {
    var control = emulator.control();
    Map<String, JsonNode> state = new TreeMap<>();
    for (String identity : List.of(ordersApi, ordersBatch, billing)) {
      JsonNode azure = control.getResource(identity).orElseThrow();
      ObjectNode tags =
          azure.path("tags").isObject() ? azure.path("tags").deepCopy() : JSON.createObjectNode();
      tags.remove(
          List.of(
              "identity.operators.dev.cluster",
              "identity.operators.dev.namespace",
              "identity.operators.dev.name"));
      state.put(identity + " tags", tags);
      state.put(identity + " isolation", azure.at("/properties/isolationScope"));
      state.put(
          identity + " credentials", JSON.valueToTree(control.federatedCredentials(identity)));
      String principal = principal(identity);
      state.put(
          identity + " assignments",
          JSON.valueToTree(
              control.roleAssignments().stream()
                  .filter(a -> a.at("/properties/principalId").asText().equals(principal))
                  .map(a -> a.path("id").asText().toLowerCase(java.util.Locale.ROOT))
                  .filter(id -> id.startsWith("/subscriptions/" + sub))
                  .sorted()
                  .toList()));
    }
    for (String resource : List.of(vm, web)) {
      state.put(resource, control.getResource(resource).orElseThrow().path("identity"));
    }
    return state;
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
