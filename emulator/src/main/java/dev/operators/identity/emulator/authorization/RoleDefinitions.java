package dev.operators.identity.emulator.authorization;

import static dev.operators.identity.emulator.authorization.AuthorizationProvider.ASSIGNMENT_TYPE;
import static dev.operators.identity.emulator.authorization.AuthorizationProvider.DEFINITION_TYPE;
import static dev.operators.identity.emulator.authorization.AuthorizationProvider.GUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.arm.ArmErrors;
import dev.operators.identity.emulator.arm.ArmIds;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import dev.operators.identity.emulator.resources.StoredResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Role definitions: Azure's built-in catalogue ({@link BuiltInRoles}) and custom roles, which are
 * tenant-wide ({@code /providers/Microsoft.Authorization/roleDefinitions/{guid}}) and visible at
 * and below their assignable scopes; GET, list with {@code roleName}/{@code type} filters, PUT and
 * DELETE of custom roles.
 */
final class RoleDefinitions {
  private final EmulatorState state;
  private final Scopes scopes;
  private final Object writes;
  private final BuiltInRoles builtIns = BuiltInRoles.get();

  /** {@code writes}: the lock role-assignment and role-definition writes share. */
  RoleDefinitions(EmulatorState state, Scopes scopes, Object writes) {
    this.state = state;
    this.scopes = scopes;
    this.writes = writes;
  }

  /** A definition: built-in, or custom (stored document). */
  record Definition(String guid, ObjectNode properties, boolean builtIn) {}

  Optional<Definition> find(String guid) {
    if (guid == null) {
      return Optional.empty();
    }
    Optional<BuiltInRoles.BuiltInRole> builtIn = builtIns.byId(guid);
    if (builtIn.isPresent()) {
      return Optional.of(
          new Definition(builtIn.get().id(), builtInProperties(builtIn.get()), true));
    }
    return state
        .store()
        .get(customId(guid))
        .filter(r -> r.type().equals(DEFINITION_TYPE))
        .map(r -> new Definition(r.name(), (ObjectNode) r.copy().get("properties"), false));
  }

  private static String customId(String guid) {
    return "/providers/" + DEFINITION_TYPE + "/" + guid.toLowerCase(Locale.ROOT);
  }

  private static ObjectNode builtInProperties(BuiltInRoles.BuiltInRole role) {
    ObjectNode p = Json.object();
    p.put("roleName", role.name());
    p.put("type", "BuiltInRole");
    p.put("description", role.description());
    p.putArray("assignableScopes").add("/");
    ObjectNode permissions = p.putArray("permissions").addObject();
    role.actions().forEach(permissions.putArray("actions")::add);
    role.notActions().forEach(permissions.putArray("notActions")::add);
    role.dataActions().forEach(permissions.putArray("dataActions")::add);
    role.notDataActions().forEach(permissions.putArray("notDataActions")::add);
    p.putNull("createdOn");
    p.putNull("updatedOn");
    p.putNull("createdBy");
    p.putNull("updatedBy");
    return p;
  }

  /**
   * A definition's id as ARM returns it at a scope: subscription-qualified at a subscription and
   * below, unqualified at a management group or the root.
   */
  static String definitionId(Scope scope, String guid) {
    String prefix =
        scope.subscriptionId() == null ? "" : ArmIds.subscription(scope.subscriptionId());
    return prefix + "/providers/" + DEFINITION_TYPE + "/" + guid.toLowerCase(Locale.ROOT);
  }

  private static ObjectNode render(Scope scope, Definition definition) {
    ObjectNode doc = Json.object();
    doc.set("properties", definition.properties().deepCopy());
    doc.put("id", definitionId(scope, definition.guid()));
    doc.put("type", DEFINITION_TYPE);
    doc.put("name", definition.guid().toLowerCase(Locale.ROOT));
    return doc;
  }

  /** The GUID at the end of a role definition id (or a bare GUID); null when malformed. */
  static String roleGuidOf(String roleDefinitionId) {
    if (roleDefinitionId == null) {
      return null;
    }
    String last = roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1);
    return GUID.matcher(last).matches() ? last.toLowerCase(Locale.ROOT) : null;
  }

  static ArmException roleDefinitionDoesNotExist(int status, String guid) {
    return new ArmException(
        status,
        "RoleDefinitionDoesNotExist",
        "The specified role definition with ID '" + guid + "' does not exist.");
  }

  ObjectNode get(Scope scope, String name) {
    String guid = roleGuidOf(name);
    return find(guid)
        .map(d -> render(scope, d))
        // 404 and message as quoted from a real autorest failure in public issues.
        .orElseThrow(() -> roleDefinitionDoesNotExist(404, name));
  }

  ArmResponse list(ArmRequest request, Scope scope) {
    ListingFilters.DefinitionFilter filter =
        ListingFilters.definitions(request.query.get("$filter"));
    List<Definition> all = new ArrayList<>();
    builtIns.all().forEach(r -> all.add(new Definition(r.id(), builtInProperties(r), true)));
    Set<String> above = scopes.atOrAbove(scope.path());
    for (StoredResource custom : state.store().list(DEFINITION_TYPE, null)) {
      JsonNode properties = custom.document().path("properties");
      boolean visible = false;
      for (JsonNode assignable : properties.path("assignableScopes")) {
        String key = Scope.key(assignable.asText());
        // visible where it can be assigned: at or below one of its assignable scopes
        if (above.contains(key)) {
          visible = true;
        }
      }
      if (visible) {
        all.add(new Definition(custom.name(), (ObjectNode) properties.deepCopy(), false));
      }
    }
    String nameFilter = filter.roleName();
    String typeFilter = filter.type();
    List<JsonNode> items =
        all.stream()
            .filter(
                d ->
                    nameFilter == null
                        || d.properties().path("roleName").asText().equalsIgnoreCase(nameFilter))
            .filter(
                d ->
                    typeFilter == null
                        || d.properties().path("type").asText().equalsIgnoreCase(typeFilter))
            .map(d -> (JsonNode) render(scope, d))
            .toList();
    return ArmResponse.of(200, ListingFilters.page(state, request, items));
  }

  ArmResponse put(ArmRequest request, Scope scope, String name) {
    if (!GUID.matcher(name).matches()) {
      throw new ArmException(
          400,
          "InvalidRoleDefinitionId",
          "The role definition ID '"
              + name
              + "' is not valid. The role definition ID must be a GUID.");
    }
    if (builtIns.byId(name).isPresent()) {
      throw new ArmException(
          403,
          "AuthorizationFailed",
          "Built-in role definition '" + name + "' cannot be modified.");
    }
    JsonNode body = request.jsonBody().path("properties");
    String roleName = Json.text(body, "roleName");
    if (roleName == null || roleName.isBlank()) {
      throw ArmErrors.invalidRequestContent("properties.roleName is required.");
    }
    String type = Optional.ofNullable(Json.text(body, "type")).orElse("CustomRole");
    if (!type.equalsIgnoreCase("CustomRole")) {
      throw ArmErrors.invalidRequestContent("properties.type must be 'CustomRole'.");
    }
    JsonNode scopes = body.path("assignableScopes");
    if (!scopes.isArray() || scopes.isEmpty()) {
      throw ArmErrors.invalidRequestContent("properties.assignableScopes must not be empty.");
    }
    String guid = name.toLowerCase(Locale.ROOT);
    synchronized (writes) {
      boolean taken =
          builtIns.byName(roleName).isPresent()
              || state.store().list(DEFINITION_TYPE, null).stream()
                  .anyMatch(
                      r ->
                          !r.name().equalsIgnoreCase(guid)
                              && r.document()
                                  .path("properties")
                                  .path("roleName")
                                  .asText()
                                  .equalsIgnoreCase(roleName));
      if (taken) {
        // 409 and code: Azure SDK for .NET recorded tests assert Conflict +
        // RoleDefinitionWithSameNameExists; message as quoted in public docs.
        throw new ArmException(
            409,
            "RoleDefinitionWithSameNameExists",
            "A custom role with the same name already exists in this directory.");
      }
      Instant now = state.now();
      Optional<StoredResource> existing = state.store().get(customId(guid));
      ObjectNode p = Json.object();
      p.put("roleName", roleName);
      p.put("type", "CustomRole");
      Json.putNullable(p, "description", Json.text(body, "description"));
      ArrayNode assignable = p.putArray("assignableScopes");
      scopes.forEach(s -> assignable.add(s.asText()));
      ArrayNode permissions = p.putArray("permissions");
      for (JsonNode permission : body.path("permissions")) {
        ObjectNode out = permissions.addObject();
        for (String field : List.of("actions", "notActions", "dataActions", "notDataActions")) {
          ArrayNode values = out.putArray(field);
          permission.path(field).forEach(v -> values.add(v.asText()));
        }
      }
      p.put(
          "createdOn",
          existing
              .map(e -> e.document().path("properties").path("createdOn").asText())
              .orElse(now.toString()));
      p.put("updatedOn", now.toString());
      p.put(
          "createdBy",
          existing
              .map(e -> e.document().path("properties").path("createdBy").asText())
              .orElse(request.callerObjectId()));
      p.put("updatedBy", request.callerObjectId());
      ObjectNode doc = Json.object();
      doc.set("properties", p);
      doc.put("id", customId(guid));
      doc.put("type", DEFINITION_TYPE);
      doc.put("name", guid);
      state.store().put(new StoredResource(customId(guid), DEFINITION_TYPE, doc, now, null));
      // Spec (RoleDefinitions_CreateOrUpdate): 201 with the definition.
      return ArmResponse.of(201, render(scope, new Definition(guid, p, false)));
    }
  }

  ArmResponse delete(Scope scope, String name) {
    String guid = roleGuidOf(name);
    if (guid == null) {
      return ArmResponse.empty(204);
    }
    synchronized (writes) {
      Optional<StoredResource> custom =
          state.store().get(customId(guid)).filter(r -> r.type().equals(DEFINITION_TYPE));
      if (custom.isEmpty()) {
        return ArmResponse.empty(204);
      }
      boolean referenced =
          state.store().list(ASSIGNMENT_TYPE, null).stream()
              .anyMatch(
                  r ->
                      guid.equalsIgnoreCase(
                          roleGuidOf(
                              r.document().path("properties").path("roleDefinitionId").asText())));
      if (referenced) {
        // Code and message from Microsoft's RBAC troubleshooting docs; 409 is the emulator's
        // judgement (no public trace of the status).
        throw new ArmException(
            409,
            "RoleDefinitionHasAssignments",
            "There are existing role assignments referencing role");
      }
      state.store().remove(custom.get().id());
      return ArmResponse.of(
          200,
          render(
              scope,
              new Definition(guid, (ObjectNode) custom.get().copy().get("properties"), false)));
    }
  }
}
