package dev.operators.identity.emulator.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import dev.operators.identity.emulator.resources.StoredResource;
import java.util.List;
import java.util.function.Function;

/**
 * ARM's generic resource listing, {@code GET /subscriptions/{s}/resources} and {@code
 * /subscriptions/{s}/resourceGroups/{rg}/resources} (Resources "Resources_List" and
 * "Resources_ListByResourceGroup", specification/resources/resource-manager/Microsoft.Resources/
 * stable/2025-04-01/resources.json): every top-level resource of the scope, whatever its type, as
 * {@code GenericResourceExpanded} (id, name, type, kind, location, tags, sku, plan, managedBy and
 * the identity block), in pages of {@value Paging#GENERIC_PAGE_SIZE} as ARM's. Resource groups and
 * child resources (an identity's federated credentials) are not listed; {@code $filter} and {@code
 * $expand} are not evaluated (unverified: the list is answered as without them).
 */
final class GenericResourceListing {

  private static final List<String> FIELDS =
      List.of("id", "name", "type", "kind", "location", "tags", "sku", "plan", "managedBy");

  private final EmulatorState state;
  private final Function<StoredResource, ObjectNode> render;

  GenericResourceListing(EmulatorState state, Function<StoredResource, ObjectNode> render) {
    this.state = state;
    this.render = render;
  }

  ArmResponse list(ArmRequest request, String scopeId) {
    if (!request.method.equals("GET")) {
      throw ArmErrors.methodNotAllowed(request.method);
    }
    List<StoredResource> resources =
        state.store().list(null, scopeId).stream()
            .filter(GenericResourceListing::topLevel)
            .toList();
    return ArmResponse.of(
        200, Paging.page(state, request, resources, this::generic, Paging.GENERIC_PAGE_SIZE));
  }

  /** A type of the form {@code Namespace/type}: neither a resource group nor a child resource. */
  private static boolean topLevel(StoredResource resource) {
    String type = resource.type();
    return !type.equalsIgnoreCase(ArmIds.RESOURCE_GROUP_TYPE)
        && type.indexOf('/') > 0
        && type.indexOf('/') == type.lastIndexOf('/');
  }

  private ObjectNode generic(StoredResource resource) {
    ObjectNode full = render.apply(resource);
    ObjectNode entry = Json.object();
    for (String field : FIELDS) {
      JsonNode value = full.get(field);
      if (value != null && !value.isNull()) {
        entry.set(field, value);
      }
    }
    JsonNode identity = full.get("identity");
    if (identity != null && identity.isObject()) {
      entry.set("identity", identity);
    }
    return entry;
  }
}
