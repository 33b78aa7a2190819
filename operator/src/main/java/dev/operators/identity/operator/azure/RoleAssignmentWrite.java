package dev.operators.identity.operator.azure;

/** What a role assignment PUT did: written, or refused because the grant exists already. */
public sealed interface RoleAssignmentWrite {

  /** Azure holds the assignment as asked (created, or updated in place). */
  record Written(RoleAssignment assignment) implements RoleAssignmentWrite {}

  /**
   * Azure refused with 409 RoleAssignmentExists: the same principal, role and scope are assigned
   * under another name (by someone else, or not yet visible in a listing). Its name and ID.
   */
  record ExistsUnderName(String name, String id) implements RoleAssignmentWrite {}
}
