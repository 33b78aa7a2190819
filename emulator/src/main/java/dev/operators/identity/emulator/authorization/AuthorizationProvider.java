package dev.operators.identity.emulator.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.arm.ApiVersions;
import dev.operators.identity.emulator.arm.ArmErrors;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.arm.ScopedExtension;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Microsoft.Authorization role assignments and role definitions at every scope (spec:
 * specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/
 * authorization-RoleAssignmentsCalls.json and authorization-RoleDefinitionsCalls.json).
 *
 * <p>Assignments are stored in the resource store under their id ({@code
 * {scope}/providers/Microsoft.Authorization/roleAssignments/{guid}}): deleting the scope (a
 * resource group, a resource) takes them with it, deleting the principal's identity does not.
 * Custom role definitions are tenant-wide, stored under {@code
 * /providers/Microsoft.Authorization/roleDefinitions/{guid}}; management groups under {@code
 * /providers/Microsoft.Management/managementGroups/{id}}.
 */
public final class AuthorizationProvider implements ScopedExtension {
  static final String NAMESPACE = "Microsoft.Authorization";
  static final String ASSIGNMENTS = "roleAssignments";
  static final String DEFINITIONS = "roleDefinitions";
  static final String ASSIGNMENT_TYPE = NAMESPACE + "/" + ASSIGNMENTS;
  static final String DEFINITION_TYPE = NAMESPACE + "/" + DEFINITIONS;

  /** The spec folders' api-versions for role assignments/definitions (stable and preview). */
  static final List<String> API_VERSIONS =
      List.of(
          "2015-07-01",
          "2018-01-01-preview",
          "2018-07-01",
          "2018-09-01-preview",
          "2020-03-01-preview",
          "2020-04-01-preview",
          "2020-08-01-preview",
          "2020-10-01-preview",
          "2022-01-01-preview",
          "2022-04-01",
          "2022-05-01-preview");

  /** Values of the spec's PrincipalType enum (2022-04-01: User, Group, ServicePrincipal, ...). */
  public static final List<String> PRINCIPAL_TYPES =
      List.of("User", "Group", "ServicePrincipal", "ForeignGroup", "Device");

  static final Pattern GUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final EmulatorState state;
  private final Scopes scopes;
  private final RoleDefinitions definitions;
  private final RoleAssignments assignments;

  public AuthorizationProvider(EmulatorState state) {
    this.state = state;
    this.scopes = new Scopes(state, new ManagementGroups(state));
    // Role-assignment and role-definition writes are serialised together: an assignment's
    // duplicate check, a definition's name check and its deletion see one consistent store.
    Object writes = new Object();
    this.definitions = new RoleDefinitions(state, scopes, writes);
    this.assignments = new RoleAssignments(state, scopes, definitions, writes);
  }

  /** The parsed path: scope ("/" for the tenant root), collection and optional name. */
  record Target(String scope, String collection, String name, boolean extra) {}

  static Optional<Target> target(List<String> s) {
    for (int i = s.size() - 2; i >= 0; i--) {
      if (s.get(i).equalsIgnoreCase("providers") && s.get(i + 1).equalsIgnoreCase(NAMESPACE)) {
        if (i + 2 >= s.size()) {
          return Optional.empty();
        }
        String collection = s.get(i + 2);
        String canonical;
        if (collection.equalsIgnoreCase(ASSIGNMENTS)) {
          canonical = ASSIGNMENTS;
        } else if (collection.equalsIgnoreCase(DEFINITIONS)) {
          canonical = DEFINITIONS;
        } else {
          return Optional.empty();
        }
        String scope = i == 0 ? "/" : "/" + String.join("/", s.subList(0, i));
        String name = s.size() > i + 3 ? s.get(i + 3) : null;
        return Optional.of(new Target(scope, canonical, name, s.size() > i + 4));
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean handles(ArmRequest request) {
    return target(request.segments).isPresent();
  }

  @Override
  public ArmResponse handle(ArmRequest request) {
    Target target = target(request.segments).orElseThrow();
    if (target.extra()) {
      throw ArmErrors.notFound(request.path);
    }
    if (!ApiVersions.supports(API_VERSIONS, request.apiVersion())) {
      throw ArmErrors.noRegisteredProvider(
          "global",
          request.apiVersion(),
          target.collection(),
          API_VERSIONS,
          state.config().orderedLocations());
    }
    Scope scope = scopes.resolve(request, target.scope());
    if (target.collection().equals(ASSIGNMENTS)) {
      if (target.name() == null) {
        requireGet(request);
        return assignments.list(request, scope);
      }
      return switch (request.method) {
        case "PUT" -> assignments.put(request, scope, target.name());
        case "GET" -> ArmResponse.of(200, assignments.get(scope, target.name()));
        case "DELETE" -> assignments.delete(request.callerObjectId(), scope, target.name());
        default -> throw ArmErrors.methodNotAllowed(request.method);
      };
    }
    if (target.name() == null) {
      requireGet(request);
      return definitions.list(request, scope);
    }
    return switch (request.method) {
      case "PUT" -> definitions.put(request, scope, target.name());
      case "GET" -> ArmResponse.of(200, definitions.get(scope, target.name()));
      case "DELETE" -> definitions.delete(scope, target.name());
      default -> throw ArmErrors.methodNotAllowed(request.method);
    };
  }

  private static void requireGet(ArmRequest request) {
    if (!request.method.equals("GET")) {
      throw ArmErrors.methodNotAllowed(request.method);
    }
  }

  /**
   * Creates a role assignment as a tenant administrator would in the portal (the control API):
   * ARM's rules for the body apply (principal, role, duplicates, conditions), the caller's own
   * authority is not asked. {@code body}: the ARM request body, {@code {"properties": {...}}}.
   */
  public JsonNode seedAssignment(String assignmentId, JsonNode body) {
    ArmRequest request =
        new ArmRequest(
            "PUT",
            assignmentId,
            "api-version=2022-04-01",
            Map.of(),
            body.toString().getBytes(StandardCharsets.UTF_8));
    Target target =
        target(request.segments)
            .filter(t -> t.collection().equals(ASSIGNMENTS) && t.name() != null && !t.extra())
            .orElseThrow(
                () -> new IllegalArgumentException("Not a role assignment id: " + assignmentId));
    Scope scope = scopes.resolve(request, target.scope());
    return assignments.seed(request, scope, target.name()).body;
  }

  /** Creates (or replaces) a management group; subscriptions listed become its children. */
  public static ObjectNode createManagementGroup(
      EmulatorState state, String id, String parentId, List<String> subscriptionIds) {
    return ManagementGroups.create(state, id, parentId, subscriptionIds);
  }

  /** Every role assignment, any scope, as ARM returns them. */
  public static List<JsonNode> roleAssignments(EmulatorState state) {
    return RoleAssignments.all(state);
  }
}
