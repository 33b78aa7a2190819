package dev.operators.identity.api.v1alpha1;

/** What the operator may do in Azure for one resource. */
public enum ManagementPolicy {
  /** Make Azure match the spec (the default). */
  Manage,
  /** Read Azure and report it, with what a Manage pass would change; write and delete nothing. */
  Observe,
  /**
   * Compute every change a Manage pass would make and list it in status.plan; write nothing. A
   * switch to Manage applies exactly that plan when Azure did not change meanwhile.
   */
  Plan
}
