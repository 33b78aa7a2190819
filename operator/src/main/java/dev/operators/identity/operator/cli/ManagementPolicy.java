package dev.operators.identity.operator.cli;

/**
 * The management mode an import writes on each resource, as {@code spec.managementPolicy}: the
 * modes that read before they write (Manage is left to the user, once the plan looks right).
 */
public enum ManagementPolicy {
  /** Read Azure and report it, write nothing. */
  Observe,
  /** Show what a Manage pass would change, write nothing. */
  Plan
}
