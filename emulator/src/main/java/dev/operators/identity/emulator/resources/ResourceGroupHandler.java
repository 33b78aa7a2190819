package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.arm.ArmErrors;
import dev.operators.identity.emulator.arm.ArmIds;
import dev.operators.identity.emulator.arm.AsyncOperations;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.arm.Paging;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Microsoft.Resources/resourceGroups: {@code /subscriptions/{s}/resourcegroups[/{rg}]}. PUT creates
 * (201) or updates tags (200); GET/HEAD; DELETE is asynchronous (202 + {@code Location}) and takes
 * everything in the group with it.
 */
public final class ResourceGroupHandler {
  /** How long a resource group deletion runs before its operation reports success. */
  public static final Duration DELETE_DURATION = Duration.ofMillis(300);

  /** 1-90 of: letters/digits (Unicode), '_', '(', ')', '-', '.', not ending in '.'. */
  private static final Pattern NAME =
      Pattern.compile("^[-\\w._()]{1,90}$", Pattern.UNICODE_CHARACTER_CLASS);

  private final EmulatorState state;
  private final AsyncOperations operations;

  public ResourceGroupHandler(EmulatorState state, AsyncOperations operations) {
    this.state = state;
    this.operations = operations;
  }

  public ArmResponse handle(ArmRequest request, String subscriptionId, String name) {
    if (name == null) {
      if (!request.method.equals("GET")) {
        throw ArmErrors.methodNotAllowed(request.method);
      }
      return ArmResponse.of(
          200,
          Paging.page(
              state,
              request,
              state.store().list(ArmIds.RESOURCE_GROUP_TYPE, ArmIds.subscription(subscriptionId)),
              this::render));
    }
    return switch (request.method) {
      case "PUT" -> put(subscriptionId, name, request.jsonBody());
      case "PATCH" -> patch(subscriptionId, name, request.jsonBody());
      case "GET" -> ArmResponse.of(200, render(existing(subscriptionId, name)));
      case "HEAD" ->
          ArmResponse.empty(state.resourceGroup(subscriptionId, name).isPresent() ? 204 : 404);
      case "DELETE" -> delete(subscriptionId, name, request.apiVersion());
      default -> throw ArmErrors.methodNotAllowed(request.method);
    };
  }

  private StoredResource existing(String subscriptionId, String name) {
    return state
        .resourceGroup(subscriptionId, name)
        .orElseThrow(() -> ArmErrors.resourceGroupNotFound(name));
  }

  public ObjectNode render(StoredResource group) {
    return group.copy();
  }

  private ArmResponse put(String subscriptionId, String name, JsonNode body) {
    boolean[] created = {false};
    StoredResource result = upsert(subscriptionId, name, body, created);
    return ArmResponse.of(created[0] ? 201 : 200, render(result));
  }

  /** Creates or updates a group (tags replaced, location fixed); shared with the control API. */
  public StoredResource upsert(
      String subscriptionId, String name, JsonNode body, boolean[] created) {
    validateName(name);
    String requested = Json.text(body, "location");
    if (requested == null || requested.isBlank()) {
      throw ArmErrors.locationRequired();
    }
    String location =
        state
            .location(requested)
            .orElseThrow(
                () ->
                    ArmErrors.locationNotAvailableForResourceGroup(
                        requested, state.config().orderedLocations()));
    JsonNode tags = body.get("tags");
    if (tags != null && !tags.isNull() && !tags.isObject()) {
      throw ArmErrors.invalidRequestContent("'tags' must be an object of strings.");
    }
    String id = ArmIds.resourceGroup(subscriptionId, name);
    return state
        .store()
        .compute(
            id,
            old -> {
              if (old != null) {
                if (!old.location().equals(location)) {
                  throw ArmErrors.invalidResourceGroupLocation(requested, old.location());
                }
                if (isDeleting(old)) {
                  throw new ArmException(
                      409,
                      "ResourceGroupBeingDeleted",
                      "The resource group '"
                          + old.name()
                          + "' is in deprovisioning state and cannot perform this operation.");
                }
                ObjectNode doc = old.copy();
                Tags.set(doc, tags);
                return old.withDocument(doc);
              }
              created[0] = true;
              ObjectNode doc = Json.object();
              doc.put("id", id);
              doc.put("name", name);
              doc.put("type", ArmIds.RESOURCE_GROUP_TYPE);
              doc.put("location", location);
              Tags.set(doc, tags);
              doc.putObject("properties").put("provisioningState", "Succeeded");
              return new StoredResource(id, ArmIds.RESOURCE_GROUP_TYPE, doc, state.now(), null);
            })
        .orElseThrow();
  }

  private ArmResponse patch(String subscriptionId, String name, JsonNode body) {
    existing(subscriptionId, name);
    StoredResource updated =
        state
            .store()
            .compute(
                ArmIds.resourceGroup(subscriptionId, name),
                old -> {
                  if (old == null) {
                    throw ArmErrors.resourceGroupNotFound(name);
                  }
                  ObjectNode doc = old.copy();
                  if (body.has("tags")) {
                    Tags.set(doc, body.get("tags"));
                  }
                  return old.withDocument(doc);
                })
            .orElseThrow();
    return ArmResponse.of(200, render(updated));
  }

  private static boolean isDeleting(StoredResource group) {
    return "Deleting"
        .equals(group.document().path("properties").path("provisioningState").asText());
  }

  private static void validateName(String name) {
    if (!NAME.matcher(name).matches() || name.endsWith(".")) {
      throw new ArmException(
          400,
          "InvalidResourceGroupName",
          "Resource group name '"
              + name
              + "' is invalid. It can include alphanumeric, underscore, parentheses, hyphen,"
              + " period (except at end), and Unicode characters that match the allowed"
              + " characters.");
    }
  }

  private ArmResponse delete(String subscriptionId, String name, String apiVersion) {
    StoredResource group = existing(subscriptionId, name);
    ObjectNode deleting = group.copy();
    ((ObjectNode) deleting.get("properties")).put("provisioningState", "Deleting");
    state.store().put(group.withDocument(deleting));
    state.store().removeUnder(group.id());
    var operation =
        operations.start(
            subscriptionId,
            DELETE_DURATION,
            () ->
                state
                    .store()
                    .compute(
                        group.id(),
                        current -> {
                          if (current != null && isDeleting(current)) {
                            state.store().removeUnder(group.id());
                            return null;
                          }
                          return current;
                        }));
    return ArmResponse.empty(202)
        .header("Location", AsyncOperations.locationUrl(state, operation, apiVersion))
        .header("Retry-After", Integer.toString(AsyncOperations.RETRY_AFTER_SECONDS));
  }

  /** Out-of-band deletion: immediate. */
  public boolean deleteNow(String subscriptionId, String name) {
    String id = ArmIds.resourceGroup(subscriptionId, name);
    state.store().removeUnder(id);
    return state.store().remove(id).isPresent();
  }
}
