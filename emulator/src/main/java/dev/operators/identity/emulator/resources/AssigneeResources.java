package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Serves the assignee resource types ({@link AssigneeType}) and their providers' operation-status
 * endpoints. PUT (create/replace), GET, PATCH (JSON merge patch of tags/properties, identity merged
 * per {@link IdentityBlock}), DELETE, list by resource group and subscription. Long-running
 * behaviour and ETags per provider as documented on {@link AssigneeType}.
 */
public final class AssigneeResources {
  /** The inner error code of the (emulator-invented) regional-isolation refusal. */
  public static final String REGIONAL_ISOLATION_CODE = IdentityBlock.REGIONAL_ISOLATION_CODE;

  /** The inner error code of the (emulator-invented) assignment-restriction refusal. */
  public static final String ASSIGNMENT_RESTRICTION_CODE = AssignmentRestrictions.VIOLATION_CODE;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AssigneeHost host;
  private final ProviderCatalog catalog;
  private final AssigneeWrites writes;
  private final AssigneeOperations operations;

  AssigneeResources(AssigneeHost host, ProviderCatalog catalog) {
    this.host = host;
    this.catalog = catalog;
    this.writes = new AssigneeWrites(host, catalog);
    this.operations = new AssigneeOperations(host);
  }

  ProviderCatalog catalog() {
    return catalog;
  }

  /** The api-versions a type accepts, newest first (the provider metadata's list). */
  List<String> apiVersions(AssigneeType type) {
    return catalog.listedApiVersions(type.namespace(), type.type());
  }

  /** The api-versions of a namespace's operation-status endpoints ({namespace}/locations/...). */
  List<String> locationApiVersions(String namespace) {
    Set<String> all = new LinkedHashSet<>();
    for (AssigneeType t : AssigneeType.values()) {
      if (t.namespace().equalsIgnoreCase(namespace)) {
        all.addAll(apiVersions(t));
      }
    }
    return List.copyOf(all);
  }

  AssigneeReply handle(AssigneeType type, AssigneeCall call) {
    if (!call.rest().isEmpty()) {
      throw new AssigneeError(
          400,
          "InvalidResourceType",
          "The resource type '"
              + type.type()
              + "/"
              + call.rest().get(0)
              + "' could not be found in the namespace '"
              + type.namespace()
              + "' for api version '"
              + call.apiVersion()
              + "'.");
    }
    if (call.name() == null) {
      if (!call.method().equals("GET")) {
        throw methodNotAllowed(call.method());
      }
      String scope =
          "/subscriptions/"
              + call.subscriptionId()
              + (call.resourceGroup() == null ? "" : "/resourceGroups/" + call.resourceGroup());
      ObjectNode page = JSON.createObjectNode();
      var value = page.putArray("value");
      host.list(type.fullType(), scope).forEach(value::add);
      return AssigneeReply.of(200, page);
    }
    String id = id(type, call.subscriptionId(), call.resourceGroup(), call.name());
    return switch (call.method()) {
      case "GET" -> AssigneeReply.of(200, existing(type, call, id));
      case "PUT" -> put(type, call, id);
      case "PATCH" -> patch(type, call, id);
      case "DELETE" -> operations.delete(type, call, id);
      default -> throw methodNotAllowed(call.method());
    };
  }

  /** Out-of-band create/replace (control API): a PUT that completes at once, no preconditions. */
  ObjectNode seed(
      AssigneeType type, String subscriptionId, String resourceGroup, String name, JsonNode body) {
    String id = id(type, subscriptionId, resourceGroup, name);
    return writes.write(type, id, name, body, false, null, true).document();
  }

  /** Every stored resource of these types whose identity block carries the identity (any case). */
  List<ObjectNode> resourcesWithIdentity(String identityId) {
    List<ObjectNode> found = new ArrayList<>();
    for (AssigneeType t : AssigneeType.values()) {
      for (ObjectNode doc : host.list(t.fullType(), null)) {
        JsonNode map = doc.path("identity").path("userAssignedIdentities");
        List<String> keys = new ArrayList<>();
        map.fieldNames().forEachRemaining(keys::add);
        if (keys.stream().anyMatch(k -> k.equalsIgnoreCase(identityId))) {
          found.add(doc);
        }
      }
    }
    return found;
  }

  static String id(AssigneeType type, String subscriptionId, String resourceGroup, String name) {
    return "/subscriptions/"
        + subscriptionId
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/"
        + type.namespace()
        + "/"
        + type.type()
        + "/"
        + name;
  }

  private ObjectNode existing(AssigneeType type, AssigneeCall call, String id) {
    return host.get(id).orElseThrow(() -> notFound(type, call.name(), call.resourceGroup()));
  }

  static AssigneeError notFound(AssigneeType type, String name, String resourceGroup) {
    return new AssigneeError(
        404,
        "ResourceNotFound",
        "The Resource '"
            + type.fullType()
            + "/"
            + name
            + "' under resource group '"
            + resourceGroup
            + "' was not found. For more details please go to"
            + " https://aka.ms/ARMResourceNotFoundFix");
  }

  private static AssigneeError methodNotAllowed(String method) {
    return new AssigneeError(
        405,
        "MethodNotAllowed",
        "The requested resource does not support http method '" + method + "'.");
  }

  private AssigneeReply put(AssigneeType type, AssigneeCall call, String id) {
    AssigneeWrites.Written written =
        writes.write(type, id, call.name(), call.body(), false, call, false);
    return operations.longRunning(type, call, written, false);
  }

  private AssigneeReply patch(AssigneeType type, AssigneeCall call, String id) {
    existing(type, call, id);
    AssigneeWrites.Written written =
        writes.write(type, id, call.name(), call.body(), true, call, false);
    return operations.longRunning(type, call, written, true);
  }

  /** {@link AssigneeOperations#handleLocations}: the providers' operation-status endpoints. */
  AssigneeReply handleLocations(String namespace, AssigneeCall call) {
    return operations.handleLocations(namespace, call);
  }

  /** Forgets every operation (emulator reset). */
  void clear() {
    operations.clear();
  }
}
