package dev.operators.identity.operator.policy;

import dev.operators.identity.operator.azure.RoleDefinition;
import java.util.Optional;

/**
 * A declared role assignment as the policy sees it: its place in the spec, the role as written, its
 * scope, and what looking the role up gave (the definition; nothing when no such role exists;
 * {@code lookupFailed} when Azure could not say).
 */
public record DeclaredRole(
    int index,
    String role,
    String scope,
    Optional<RoleDefinition> definition,
    boolean lookupFailed) {

  public static DeclaredRole found(int index, String role, String scope, RoleDefinition found) {
    return new DeclaredRole(index, role, scope, Optional.of(found), false);
  }

  public static DeclaredRole notFound(int index, String role, String scope) {
    return new DeclaredRole(index, role, scope, Optional.empty(), false);
  }

  public static DeclaredRole unknown(int index, String role, String scope) {
    return new DeclaredRole(index, role, scope, Optional.empty(), true);
  }

  /** How messages name the entry: {@code roleAssignments[0] (role "Owner" at SCOPE)}. */
  String describe() {
    return "roleAssignments[" + index + "] (role \"" + role + "\" at " + scope + ")";
  }
}
