package dev.operators.identity.emulator.authorization;

import static dev.operators.identity.emulator.authorization.AuthorizationProvider.ASSIGNMENTS;
import static dev.operators.identity.emulator.authorization.AuthorizationProvider.ASSIGNMENT_TYPE;
import static dev.operators.identity.emulator.authorization.AuthorizationProvider.NAMESPACE;
import static dev.operators.identity.emulator.authorization.RoleDefinitions.roleGuidOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.arm.ArmIds;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.arm.Paging;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import dev.operators.identity.emulator.resources.StoredResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Role assignments ({@code {scope}/providers/Microsoft.Authorization/roleAssignments/{guid}}):
 * create, repeat and update by PUT, GET, DELETE, and lists with inheritance (at, above and below
 * the scope) that lag behind writes by the configured listing lag.
 */
final class RoleAssignments {
  /** What ARM reports as the principal type of an assignment whose principal is not found. */
  static final String UNKNOWN_PRINCIPAL_TYPE = "Unknown";

  private final EmulatorState state;
  private final Scopes scopes;
  private final RoleDefinitions definitions;
  private final AssignmentRules rules;
  private final RoleAssignmentAuthority authority;
  private final Object writes;

  /** {@code writes}: the lock role-assignment and role-definition writes share. */
  RoleAssignments(EmulatorState state, Scopes scopes, RoleDefinitions definitions, Object writes) {
    this.state = state;
    this.scopes = scopes;
    this.definitions = definitions;
    this.rules = new AssignmentRules(state);
    this.authority = new RoleAssignmentAuthority(state, scopes, definitions);
    this.writes = writes;
  }

  /** Every role assignment, any scope, as ARM returns them. */
  static List<JsonNode> all(EmulatorState state) {
    return state.store().list(ASSIGNMENT_TYPE, null).stream()
        .map(r -> (JsonNode) r.copy())
        .toList();
  }

  private static String assignmentId(Scope scope, String name) {
    return (scope.path().equals("/") ? "" : scope.path())
        + "/providers/"
        + NAMESPACE
        + "/"
        + ASSIGNMENTS
        + "/"
        + name;
  }

  /** 404 {@code RoleAssignmentNotFound} (code: ARM-FACTS; message wording: emulator's). */
  ObjectNode get(Scope scope, String name) {
    return reported(
        state
            .store()
            .get(assignmentId(scope, name))
            .filter(r -> r.type().equals(ASSIGNMENT_TYPE))
            .orElseThrow(
                () ->
                    new ArmException(
                        404,
                        "RoleAssignmentNotFound",
                        "The role assignment '" + name + "' is not found.")));
  }

  /**
   * An assignment as GET and list show it: principalType Unknown while the directory does not know
   * its principal (ARM-FACTS, seed 002: deleted, or not yet replicated), else as stored.
   */
  private ObjectNode reported(StoredResource assignment) {
    ObjectNode doc = assignment.copy();
    JsonNode p = doc.path("properties");
    if (p instanceof ObjectNode properties && !rules.known(p.path("principalId").asText())) {
      properties.put("principalType", UNKNOWN_PRINCIPAL_TYPE);
    }
    return doc;
  }

  /** Deletes as {@code caller}, whose authority is checked only when something is there. */
  ArmResponse delete(String caller, Scope scope, String name) {
    // Spec: 200 with the deleted assignment, 204 "Role assignment already deleted or does not
    // exist." A denied delete deletes nothing; a delete of nothing is not evaluated (emulator's
    // judgement: no attributes to evaluate, and nothing to refuse).
    String id = assignmentId(scope, name);
    Optional<StoredResource> existing =
        state.store().get(id).filter(r -> r.type().equals(ASSIGNMENT_TYPE));
    if (existing.isEmpty()) {
      return ArmResponse.empty(204);
    }
    authority.checkDelete(caller, scope, id, existing.get().document().path("properties"));
    return state
        .store()
        .remove(existing.get().id())
        .map(r -> ArmResponse.of(200, r.copy()))
        .orElseGet(() -> ArmResponse.empty(204));
  }

  /** What a PUT asks for, validated in ARM's order before anything is looked up. */
  private record Requested(
      String principalId,
      String roleGuid,
      String principalType,
      String description,
      String condition,
      String conditionVersion) {}

  /** A PUT by the request's caller, whose authority over role assignments is checked. */
  ArmResponse put(ArmRequest request, Scope scope, String name) {
    return write(request, scope, name, true);
  }

  /**
   * A write as a tenant administrator makes it (the control API): the same rules for the body, no
   * check of the caller's authority.
   */
  ArmResponse seed(ArmRequest request, Scope scope, String name) {
    return write(request, scope, name, false);
  }

  private ArmResponse write(ArmRequest request, Scope scope, String name, boolean asCaller) {
    AssignmentRules.checkName(name);
    JsonNode properties = request.jsonBody().path("properties");
    String principalId = AssignmentRules.principalIdOf(properties);
    String roleDefinitionId = Json.text(properties, "roleDefinitionId");
    String roleGuid = roleGuidOf(roleDefinitionId);
    // Code and message as quoted in public reports ("The specified role definition with ID
    // '...' does not exist."); 400 on PUT (404 on GET of the definition itself).
    RoleDefinitions.Definition role =
        definitions
            .find(roleGuid)
            .orElseThrow(() -> RoleDefinitions.roleDefinitionDoesNotExist(400, roleGuid));
    String principalType = AssignmentRules.principalTypeOf(properties);
    String description = Json.text(properties, "description");
    String condition = Json.text(properties, "condition");
    String conditionVersion = Json.text(properties, "conditionVersion");
    if (condition != null && conditionVersion == null) {
      conditionVersion = "2.0";
    }
    if (condition == null) {
      conditionVersion = null;
    }
    RoleAssignmentAuthority.checkCondition(role.properties(), condition, conditionVersion);
    Requested requested =
        new Requested(
            principalId, roleGuid, principalType, description, condition, conditionVersion);
    String id = assignmentId(scope, name);
    String caller = request.callerObjectId();
    if (asCaller) {
      authority.checkWrite(caller, scope, id, roleGuid, principalId, principalType);
    }
    synchronized (writes) {
      Optional<StoredResource> existing =
          state.store().get(id).filter(r -> r.type().equals(ASSIGNMENT_TYPE));
      if (existing.isPresent()) {
        return update(existing.get(), requested, caller);
      }
      return create(scope, id, name, requested, caller);
    }
  }

  private ArmResponse update(StoredResource existing, Requested requested, String caller) {
    ObjectNode doc = existing.copy();
    ObjectNode p = (ObjectNode) doc.get("properties");
    AssignmentRules.checkSamePrincipalAndRole(p, requested.principalId(), requested.roleGuid());
    boolean changed =
        !equalsNullable(p.path("description").textValue(), requested.description())
            || !equalsNullable(p.path("condition").textValue(), requested.condition())
            || !equalsNullable(
                p.path("conditionVersion").textValue(), requested.conditionVersion());
    if (changed) {
      Json.putNullable(p, "condition", requested.condition());
      Json.putNullable(p, "conditionVersion", requested.conditionVersion());
      p.put("updatedOn", state.now().toString());
      p.put("updatedBy", caller);
      Json.putNullable(p, "description", requested.description());
      state.store().put(existing.withDocument(doc));
    }
    // Emulator's judgement: a repeated PUT of an existing assignment answers 200 (the spec
    // allows 200 and 201; no public trace shows which one ARM sends for an identical repeat).
    return ArmResponse.of(200, doc.deepCopy());
  }

  private ArmResponse create(
      Scope scope, String id, String name, Requested requested, String caller) {
    String storedType = rules.checkPrincipal(requested.principalId(), requested.principalType());
    rules.checkNoDuplicate(scope, requested.principalId(), requested.roleGuid());
    rules.checkLimit(scope);
    Instant now = state.now();
    ObjectNode doc = Json.object();
    ObjectNode p = doc.putObject("properties");
    p.put("roleDefinitionId", RoleDefinitions.definitionId(scope, requested.roleGuid()));
    p.put("principalId", requested.principalId());
    p.put("principalType", storedType);
    p.put("scope", scope.path());
    Json.putNullable(p, "condition", requested.condition());
    Json.putNullable(p, "conditionVersion", requested.conditionVersion());
    p.put("createdOn", now.toString());
    p.put("updatedOn", now.toString());
    p.put("createdBy", caller);
    p.put("updatedBy", caller);
    p.putNull("delegatedManagedIdentityResourceId");
    Json.putNullable(p, "description", requested.description());
    doc.put("id", id);
    doc.put("type", ASSIGNMENT_TYPE);
    doc.put("name", name);
    state.store().put(new StoredResource(id, ASSIGNMENT_TYPE, doc, now, null));
    return ArmResponse.of(201, doc.deepCopy());
  }

  private static boolean equalsNullable(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }

  /** Listings lag behind writes (eventual consistency): a fresh assignment may be missing. */
  private static boolean isVisibleInListings(StoredResource assignment, Instant visibleBefore) {
    String created = assignment.document().path("properties").path("createdOn").asText(null);
    return created == null || !Instant.parse(created).isAfter(visibleBefore);
  }

  ArmResponse list(ArmRequest request, Scope scope) {
    ListingFilters.AssignmentFilter filter =
        ListingFilters.assignments(request.query.get("$filter"));
    Set<String> above = scopes.atOrAbove(scope.path());
    Predicate<String> below = scopes.below(scope);
    boolean onlyAtOrAbove = filter.atScope();
    Instant visibleBefore = state.now().minus(state.roleAssignmentListingLag());
    List<StoredResource> matches =
        candidates(scope, filter.principalId()).stream()
            .filter(r -> isVisibleInListings(r, visibleBefore))
            .filter(
                r -> {
                  String assignmentScope =
                      Scope.key(r.document().path("properties").path("scope").asText());
                  return above.contains(assignmentScope)
                      || (!onlyAtOrAbove && below.test(assignmentScope));
                })
            .sorted(Comparator.comparing(StoredResource::key))
            .toList();
    return ArmResponse.of(200, Paging.page(state, request, matches, this::reported, "$skipToken"));
  }

  /**
   * The assignments a listing at a scope can return, read from the store's indexes: the principal's
   * own when the filter names one; else, for a scope within a subscription, the subscription's and
   * those above every subscription (management groups and the root, all under {@code /providers});
   * else every one.
   */
  private List<StoredResource> candidates(Scope scope, String principalId) {
    if (principalId != null) {
      return state.store().withPrincipal(ASSIGNMENT_TYPE, principalId);
    }
    if (scope.subscriptionId() == null) {
      return state.store().list(ASSIGNMENT_TYPE, null);
    }
    List<StoredResource> candidates =
        new ArrayList<>(state.store().list(ASSIGNMENT_TYPE, "/providers"));
    candidates.addAll(
        state.store().list(ASSIGNMENT_TYPE, ArmIds.subscription(scope.subscriptionId())));
    return candidates;
  }
}
