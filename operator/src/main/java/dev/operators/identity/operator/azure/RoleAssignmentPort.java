package dev.operators.identity.operator.azure;

import java.util.List;

/**
 * Azure role assignments. Throws {@link AzureRequestException} when Azure refuses or cannot be
 * reached.
 */
public interface RoleAssignmentPort {

  /**
   * Every assignment of the principal visible from the scope: at it, above it and below it (a
   * subscription's list includes its resource groups and resources).
   */
  List<RoleAssignment> listForPrincipal(String scope, String principalId);

  /**
   * Creates or updates the assignment (a PUT of a deterministic name: repeating it is harmless); an
   * assignment of the same principal, role and scope under another name is answered as {@link
   * RoleAssignmentWrite.ExistsUnderName}, not thrown.
   */
  RoleAssignmentWrite create(NewRoleAssignment assignment);

  /** Deletes the assignment by ID; false when there was nothing to delete. */
  boolean delete(String roleAssignmentId);
}
