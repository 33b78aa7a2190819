package dev.operators.identity.emulator.authorization;

import static dev.operators.identity.emulator.authorization.AuthorizationProvider.ASSIGNMENT_TYPE;
import static dev.operators.identity.emulator.authorization.AuthorizationProvider.GUID;
import static dev.operators.identity.emulator.authorization.AuthorizationProvider.PRINCIPAL_TYPES;
import static dev.operators.identity.emulator.authorization.RoleDefinitions.roleGuidOf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.emulator.arm.ArmIds;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.entra.PrincipalDirectory;
import dev.operators.identity.emulator.entra.TokenService;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.Json;
import dev.operators.identity.emulator.resources.StoredResource;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What ARM refuses in a role-assignment write, with its codes and messages: a name or principal id
 * that is no GUID, an unknown principal type, a principal not (yet) in the directory or of another
 * type, a change of principal or role, a duplicate of an assignment at the same scope, and the
 * per-subscription limit.
 */
final class AssignmentRules {
  private final EmulatorState state;

  AssignmentRules(EmulatorState state) {
    this.state = state;
  }

  static void checkName(String name) {
    if (!GUID.matcher(name).matches()) {
      // Code: ARM-FACTS / public reports; message wording: emulator's.
      throw new ArmException(
          400,
          "InvalidRoleAssignmentId",
          "The role assignment ID '"
              + name
              + "' is not valid. The role assignment ID must be a GUID.");
    }
  }

  /** The body's principal id, a GUID. */
  static String principalIdOf(JsonNode properties) {
    String principalId = Json.text(properties, "principalId");
    if (principalId == null || !GUID.matcher(principalId).matches()) {
      // Status, code and message as quoted from real responses in public Terraform reports:
      // Status=400 Code="InvalidPrincipalId" Message="A valid principal ID must be provided for
      // role
      // assignment."
      throw new ArmException(
          400, "InvalidPrincipalId", "A valid principal ID must be provided for role assignment.");
    }
    return principalId;
  }

  static String principalTypeOf(JsonNode properties) {
    String given = Json.text(properties, "principalType");
    if (given == null) {
      return null;
    }
    return PRINCIPAL_TYPES.stream()
        .filter(t -> t.equalsIgnoreCase(given))
        .findFirst()
        .orElseThrow(
            () ->
                new ArmException(
                    400,
                    "InvalidPrincipalType",
                    "The principal type '"
                        + given
                        + "' is invalid. Allowed values are: "
                        + String.join(", ", PRINCIPAL_TYPES)
                        + "."));
  }

  /**
   * The principal check and the type to store. Without {@code principalType}, ARM looks the
   * principal up in the directory: unknown or not yet replicated (younger than
   * principalReplicationDelay) is 400 {@code PrincipalNotFound}. With it, ARM skips the lookup
   * (Microsoft's docs: set principalType to avoid the replication-delay error), so a young or even
   * unknown principal is accepted (emulator's judgement for the unknown case: Azure then shows the
   * assignment as "Identity not found"); a replicated principal of another type is 400 {@code
   * UnmatchedPrincipalType}.
   */
  String checkPrincipal(String principalId, String principalType) {
    Optional<PrincipalDirectory.Principal> principal = principal(principalId);
    boolean replicated =
        principal
            .map(
                p ->
                    !state
                        .now()
                        .isBefore(p.createdAt().plus(state.config().principalReplicationDelay())))
            .orElse(false);
    if (principalType == null) {
      if (!replicated) {
        // Message as quoted from real deployment errors in public repositories: the principal as
        // 32 hex digits, two spaces before "See".
        throw new ArmException(
            400,
            "PrincipalNotFound",
            "Principal "
                + principalId.replace("-", "").toLowerCase(Locale.ROOT)
                + " does not exist in the directory "
                + state.config().tenantId()
                + ". Check that you have the correct principal ID. If you are creating this"
                + " principal and then immediately assigning a role, this error might be related to"
                + " a replication delay. In this case, set the role assignment principalType"
                + " property to a value, such as ServicePrincipal, User, or Group.  See"
                + " https://aka.ms/docs-principaltype");
      }
      return principal.get().type();
    }
    if (replicated && !principal.get().type().equalsIgnoreCase(principalType)) {
      // Message as quoted from real azd deployment errors (ARM's own typo "PrinciaplType" and the
      // space before the comma included).
      throw new ArmException(
          400,
          "UnmatchedPrincipalType",
          "The PrincipalId '"
              + principalId.replace("-", "").toLowerCase(Locale.ROOT)
              + "' has type '"
              + principal.get().type()
              + "' , which is different from specified PrinciaplType '"
              + principalType
              + "'.");
    }
    return principalType;
  }

  /**
   * Whether the directory knows the principal now: it exists and has replicated. ARM shows an
   * assignment of any other principal with principal type Unknown ("Identity not found" in the
   * portal): one deleted, or one created moments ago.
   */
  boolean known(String principalId) {
    return principal(principalId)
        .filter(
            p ->
                !state
                    .now()
                    .isBefore(p.createdAt().plus(state.config().principalReplicationDelay())))
        .isPresent();
  }

  private Optional<PrincipalDirectory.Principal> principal(String principalId) {
    Optional<PrincipalDirectory.Principal> known = state.directory().find(principalId);
    if (known.isPresent()) {
      return known;
    }
    if (principalId.equalsIgnoreCase(
        TokenService.servicePrincipalObjectId(state.config().clientId()))) {
      return Optional.of(
          new PrincipalDirectory.Principal(principalId, "ServicePrincipal", Instant.EPOCH));
    }
    return state
        .principalCreatedAt(principalId)
        .map(t -> new PrincipalDirectory.Principal(principalId, "ServicePrincipal", t));
  }

  /** An existing assignment keeps its principal and role: a PUT may change only the rest. */
  static void checkSamePrincipalAndRole(JsonNode stored, String principalId, String roleGuid) {
    if (!stored.path("principalId").asText().equalsIgnoreCase(principalId)
        || !roleGuidOf(stored.path("roleDefinitionId").asText()).equalsIgnoreCase(roleGuid)) {
      // 400 (not 409): ARM-FACTS; message as quoted in public deployment failures.
      throw new ArmException(
          400,
          "RoleAssignmentUpdateNotPermitted",
          "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
    }
  }

  /** One assignment per principal, role and scope. */
  void checkNoDuplicate(Scope scope, String principalId, String roleGuid) {
    String duplicateKey = scope.key();
    for (StoredResource other : state.store().withPrincipal(ASSIGNMENT_TYPE, principalId)) {
      JsonNode p = other.document().path("properties");
      if (Scope.key(p.path("scope").asText()).equals(duplicateKey)
          && p.path("principalId").asText().equalsIgnoreCase(principalId)
          && roleGuidOf(p.path("roleDefinitionId").asText()).equalsIgnoreCase(roleGuid)) {
        // 409; message as quoted in public reports: "The role assignment already exists. The ID
        // of the existing role assignment is 716c4d159bc8476da3c16ccb70082517."
        throw new ArmException(
            409,
            "RoleAssignmentExists",
            "The role assignment already exists. The ID of the existing role assignment is "
                + other.name().replace("-", "").toLowerCase(Locale.ROOT)
                + ".");
      }
    }
  }

  /** The per-subscription limit of role assignments (the configured one). */
  void checkLimit(Scope scope) {
    if (scope.subscriptionId() != null) {
      String subscriptionScope = ArmIds.subscription(scope.subscriptionId());
      long count = state.store().list(ASSIGNMENT_TYPE, subscriptionScope).size();
      if (count >= state.config().roleAssignmentLimit()) {
        // Code and message from Microsoft's RBAC troubleshooting docs ("No more role assignments
        // can be created (code: RoleAssignmentLimitExceeded)"); status 400 is the emulator's
        // judgement (no public trace of the status).
        throw new ArmException(
            400, "RoleAssignmentLimitExceeded", "No more role assignments can be created.");
      }
    }
  }
}
