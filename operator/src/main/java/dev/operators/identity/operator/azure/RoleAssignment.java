package dev.operators.identity.operator.azure;

import java.util.Locale;

/** A role assignment as Azure holds it. */
public record RoleAssignment(
    String id,
    String name,
    String scope,
    String roleDefinitionId,
    String principalId,
    String description,
    String condition,
    String conditionVersion) {

  /** The GUID of the assigned role definition. */
  public String roleDefinitionGuid() {
    return RoleDefinition.lastSegment(roleDefinitionId);
  }

  /** What makes two assignments the same for Azure: scope and role (for one principal). */
  public String key() {
    return keyOf(scope, roleDefinitionGuid());
  }

  public static String keyOf(String scope, String roleDefinitionGuid) {
    return scope.toLowerCase(Locale.ROOT) + "|" + roleDefinitionGuid.toLowerCase(Locale.ROOT);
  }
}
