package dev.operators.identity.emulator.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.arm.ArmIds;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.http.Json;
import dev.operators.identity.emulator.resources.ResourceStore;
import dev.operators.identity.emulator.resources.StoredResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Management groups, the scopes above subscriptions, stored under {@code
 * /providers/Microsoft.Management/managementGroups/{id}} with their parent and their subscriptions.
 */
final class ManagementGroups {
  static final String MANAGEMENT_GROUP_TYPE = "Microsoft.Management/managementGroups";
  static final String MANAGEMENT_GROUP_PREFIX = "/providers/Microsoft.Management/managementGroups/";

  private final EmulatorState state;

  ManagementGroups(EmulatorState state) {
    this.state = state;
  }

  boolean exists(String id) {
    return state.store().get(MANAGEMENT_GROUP_PREFIX + id).isPresent();
  }

  /**
   * The management groups above a subscription, innermost first (keys): its own group, else the
   * tenant root group.
   */
  List<String> above(String subscriptionId) {
    String child = ResourceStore.key(ArmIds.subscription(subscriptionId));
    for (StoredResource group : state.store().list(MANAGEMENT_GROUP_TYPE, null)) {
      for (JsonNode c : group.document().path("properties").path("children")) {
        if (ResourceStore.key(c.path("id").asText()).equals(child)) {
          return chain(group.name());
        }
      }
    }
    return tenantRootGroup().map(this::chain).orElse(List.of());
  }

  private Optional<String> tenantRootGroup() {
    return state
        .store()
        .get(MANAGEMENT_GROUP_PREFIX + state.config().tenantId())
        .map(StoredResource::name);
  }

  /** A management group and its ancestors, innermost first (keys). */
  List<String> chain(String groupId) {
    List<String> chain = new ArrayList<>();
    String current = groupId;
    while (current != null && chain.size() < 10) {
      Optional<StoredResource> group = state.store().get(MANAGEMENT_GROUP_PREFIX + current);
      if (group.isEmpty()) {
        break;
      }
      chain.add(group.get().key());
      String parent =
          Json.text(group.get().document().path("properties").path("details").path("parent"), "id");
      current = parent == null ? null : parent.substring(parent.lastIndexOf('/') + 1);
      if (current != null && chain.contains(ResourceStore.key(MANAGEMENT_GROUP_PREFIX + current))) {
        break;
      }
    }
    return chain;
  }

  /** Creates (or replaces) a management group; subscriptions listed become its children. */
  static ObjectNode create(
      EmulatorState state, String id, String parentId, List<String> subscriptionIds) {
    String armId = MANAGEMENT_GROUP_PREFIX + id;
    ObjectNode doc = Json.object();
    doc.put("id", armId);
    doc.put("type", MANAGEMENT_GROUP_TYPE);
    doc.put("name", id);
    ObjectNode properties = doc.putObject("properties");
    properties.put("tenantId", state.config().tenantId());
    properties.put("displayName", id);
    ObjectNode details = properties.putObject("details");
    String parent =
        parentId != null
            ? parentId
            : (id.equalsIgnoreCase(state.config().tenantId()) ? null : state.config().tenantId());
    if (parent != null) {
      details.putObject("parent").put("id", MANAGEMENT_GROUP_PREFIX + parent);
    }
    ArrayNode children = properties.putArray("children");
    for (String subscription : subscriptionIds == null ? List.<String>of() : subscriptionIds) {
      String canonical =
          state
              .subscription(subscription)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException("Unknown subscription '" + subscription + "'"));
      children
          .addObject()
          .put("type", "/subscriptions")
          .put("id", ArmIds.subscription(canonical))
          .put("name", canonical);
    }
    state.store().put(new StoredResource(armId, MANAGEMENT_GROUP_TYPE, doc, state.now(), null));
    return doc.deepCopy();
  }
}
