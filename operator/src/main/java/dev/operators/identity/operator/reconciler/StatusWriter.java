package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;

/**
 * Writes a resource's status outside a reconcile's own update: during deletion, where JOSDK's
 * {@code DeleteControl} carries no status, so that the status says why the finalizer stays.
 */
public interface StatusWriter {

  /** Writes the resource's status as it is now; a failure is logged, never thrown. */
  void writeStatus(UserAssignedIdentity resource);

  StatusWriter NONE = resource -> {};
}
