package dev.operators.identity.api.v1alpha1;

/** What a {@link RoleAssignmentSweep} does with the orphaned role assignments it finds. */
public enum SweepMode {
  /** List them in status; change nothing in Azure. */
  Report,
  /** List them and delete each one (after a fresh read confirms it is still orphaned). */
  Delete
}
