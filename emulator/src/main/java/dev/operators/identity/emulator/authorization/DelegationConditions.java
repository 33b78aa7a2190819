package dev.operators.identity.emulator.authorization;

import java.util.List;

/**
 * The Azure portal's "Constrain roles and principal types" condition (conditionVersion 2.0) for
 * Role Based Access Control Administrator, as the README shows it and the emulator evaluates it:
 * role assignment writes and deletes only of these roles, only for service principals.
 */
public final class DelegationConditions {
  private DelegationConditions() {}

  /** The condition text for these role definition GUIDs. */
  public static String constrainRolesAndPrincipalTypes(List<String> roleGuids) {
    String roles = String.join(", ", roleGuids);
    return ("((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR"
            + " (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId]"
            + " ForAnyOfAnyValues:GuidEquals {%1$s} AND"
            + " @Request[Microsoft.Authorization/roleAssignments:PrincipalType]"
            + " ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'})) AND"
            + " ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR"
            + " (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId]"
            + " ForAnyOfAnyValues:GuidEquals {%1$s} AND"
            + " @Resource[Microsoft.Authorization/roleAssignments:PrincipalType]"
            + " ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}))")
        .formatted(roles);
  }
}
