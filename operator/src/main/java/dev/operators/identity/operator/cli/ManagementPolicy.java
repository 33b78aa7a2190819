package dev.operators.identity.operator.cli;

/**
 * The management mode an import writes on each resource, as the annotation {@value #ANNOTATION}:
 * the operator's modes (issue 16, "Observe, plan, manage") do not exist yet, so until they land the
 * annotation is carried along and ignored (the CRD has no field for it, and refuses unknown ones).
 */
public enum ManagementPolicy {
  /** Read Azure and report it, write nothing. */
  Observe,
  /** Show what a Manage pass would change, write nothing. */
  Plan;

  public static final String ANNOTATION = "identity.operators.dev/management-policy";
}
