package dev.operators.identity.operator.azure;

import java.util.List;
import java.util.Optional;

/**
 * Azure role assignments. Throws {@link AzureRequestException} when Azure refuses or cannot be
 * reached.
 */
public interface RoleAssignmentPort {

  /**
   * Every assignment of the principal visible from the scope: at it, above it and below it (a
   * subscription's list includes its resource groups and resources). May be answered from a listing
   * of the whole subscription at most one resync period old ({@code azure.view}).
   */
  List<RoleAssignment> listForPrincipal(String scope, String principalId);

  /**
   * Like {@link #listForPrincipal}, but listed afresh from Azure, never from a shared listing that
   * may be a resync period old: before deleting every assignment of a principal.
   */
  default List<RoleAssignment> listForPrincipalFresh(String scope, String principalId) {
    return listForPrincipal(scope, principalId);
  }

  /**
   * Creates or updates the assignment (a PUT of a deterministic name: repeating it is harmless); an
   * assignment of the same principal, role and scope under another name is answered as {@link
   * RoleAssignmentWrite.ExistsUnderName}, not thrown.
   */
  RoleAssignmentWrite create(NewRoleAssignment assignment);

  /**
   * Every assignment of any principal at the scope, above it and below it, with principal type and
   * creation time (the sweep for orphaned assignments).
   */
  List<ListedAssignment> listAtScope(String scope);

  /** The assignment by ID, read afresh (no listing lag, no cache); empty when it is gone. */
  Optional<ListedAssignment> get(String roleAssignmentId);

  /** Deletes the assignment by ID; false when there was nothing to delete. */
  boolean delete(String roleAssignmentId);
}
