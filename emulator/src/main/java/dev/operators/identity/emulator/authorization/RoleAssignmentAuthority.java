package dev.operators.identity.emulator.authorization;

import static dev.operators.identity.emulator.authorization.AuthorizationProvider.ASSIGNMENT_TYPE;
import static dev.operators.identity.emulator.authorization.RoleDefinitions.roleGuidOf;
import static dev.operators.identity.emulator.authorization.RolePermissions.ASSIGNMENT_DELETE;
import static dev.operators.identity.emulator.authorization.RolePermissions.ASSIGNMENT_WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.emulator.arm.AccessDenials;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.authorization.AbacCondition.Attribute;
import dev.operators.identity.emulator.authorization.AbacCondition.Facts;
import dev.operators.identity.emulator.authorization.AbacCondition.Source;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.resources.StoredResource;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The caller's own authority over role assignments, decided as Azure RBAC with conditions decides
 * it. A caller (the token's object id) that holds no role assignment in the emulator may do
 * anything, as before; one that holds some may write or delete a role assignment only through an
 * assignment of its own at or above that scope whose role grants the action and whose condition, if
 * any, holds for the request (a write offers the body's role, principal and principal type as
 * {@code @Request} attributes, a delete the stored assignment's as {@code @Resource} ones).
 * Otherwise the answer is ARM's 403 {@code AuthorizationFailed}, before anything is stored or
 * deleted. Group memberships, deny assignments and other actions are not evaluated.
 */
final class RoleAssignmentAuthority {
  /**
   * Code for a condition ARM refuses at write, as public deployment notes name it; message from
   * Microsoft's "Troubleshoot Azure role assignment conditions" (unverified: no full error body is
   * published).
   */
  static final String INVALID_CONDITION = "InvalidRoleAssignmentCondition";

  static final String INVALID_CONDITION_MESSAGE = "The given role assignment condition is invalid.";

  private final EmulatorState state;
  private final Scopes scopes;
  private final RoleDefinitions definitions;

  RoleAssignmentAuthority(EmulatorState state, Scopes scopes, RoleDefinitions definitions) {
    this.state = state;
    this.scopes = scopes;
    this.definitions = definitions;
  }

  /**
   * A condition on an assignment whose role manages role assignments is one the emulator must be
   * able to evaluate: version 2.0, one of the forms {@link AbacCondition} reads, targeting only
   * actions the role grants. Conditions on other roles are stored as before, unevaluated.
   */
  static void checkCondition(JsonNode roleProperties, String condition, String conditionVersion) {
    if (condition == null || !RolePermissions.managesRoleAssignments(roleProperties)) {
      return;
    }
    if (!"2.0".equals(conditionVersion)) {
      throw invalidCondition("conditionVersion '" + conditionVersion + "': only 2.0 exists");
    }
    AbacCondition parsed;
    try {
      parsed = AbacCondition.parse(condition);
    } catch (AbacCondition.Refused refused) {
      throw invalidCondition(refused.getMessage());
    }
    for (String action : parsed.actions()) {
      if (!RolePermissions.grants(roleProperties, action)) {
        throw invalidCondition(
            "the role does not grant '" + action + "', which the condition targets");
      }
    }
  }

  private static ArmException invalidCondition(String detail) {
    return new ArmException(
        400,
        INVALID_CONDITION,
        INVALID_CONDITION_MESSAGE
            + " The ARM emulator evaluates only the delegation forms its README shows: "
            + detail
            + ".");
  }

  /** A PUT of {@code assignmentId} asking for this role, principal and principal type (or null). */
  void checkWrite(
      String caller,
      Scope scope,
      String assignmentId,
      String roleGuid,
      String principalId,
      String principalType) {
    Map<Attribute, String> asked = new EnumMap<>(Attribute.class);
    asked.put(Attribute.ROLE_DEFINITION_ID, roleGuid);
    asked.put(Attribute.PRINCIPAL_ID, principalId);
    if (principalType != null) {
      asked.put(Attribute.PRINCIPAL_TYPE, principalType);
    }
    check(caller, scope, assignmentId, new Facts(ASSIGNMENT_WRITE, Source.REQUEST, asked));
  }

  /** A DELETE of the stored assignment with these properties. */
  void checkDelete(String caller, Scope scope, String assignmentId, JsonNode stored) {
    Map<Attribute, String> existing = new EnumMap<>(Attribute.class);
    existing.put(
        Attribute.ROLE_DEFINITION_ID, roleGuidOf(stored.path("roleDefinitionId").asText()));
    existing.put(Attribute.PRINCIPAL_ID, stored.path("principalId").asText());
    if (stored.hasNonNull("principalType")) {
      existing.put(Attribute.PRINCIPAL_TYPE, stored.path("principalType").asText());
    }
    check(caller, scope, assignmentId, new Facts(ASSIGNMENT_DELETE, Source.RESOURCE, existing));
  }

  private void check(String caller, Scope scope, String assignmentId, Facts facts) {
    List<JsonNode> own = assignmentsOf(caller);
    if (own.isEmpty()) {
      return;
    }
    Set<String> atOrAbove = scopes.atOrAbove(scope.path());
    for (JsonNode assignment : own) {
      if (atOrAbove.contains(Scope.key(assignment.path("scope").asText()))
          && permits(assignment, facts)) {
        return;
      }
    }
    throw AccessDenials.authorizationOrConditionFailed(caller, facts.action(), assignmentId);
  }

  private boolean permits(JsonNode assignment, Facts facts) {
    String roleGuid = roleGuidOf(assignment.path("roleDefinitionId").asText());
    boolean grants =
        definitions
            .find(roleGuid)
            .map(role -> RolePermissions.grants(role.properties(), facts.action()))
            .orElse(false);
    if (!grants) {
      return false;
    }
    String condition = assignment.path("condition").textValue();
    if (condition == null) {
      return true;
    }
    try {
      return AbacCondition.parse(condition).allows(facts);
    } catch (AbacCondition.Refused unevaluable) {
      // Written before its role granted role-assignment actions (a custom role changed since).
      return false;
    }
  }

  /** The properties of the caller's own role assignments, any scope. */
  private List<JsonNode> assignmentsOf(String caller) {
    if (caller == null) {
      return List.of();
    }
    return state.store().withPrincipal(ASSIGNMENT_TYPE, caller).stream()
        .map(StoredResource::document)
        .map(d -> d.path("properties"))
        .toList();
  }
}
