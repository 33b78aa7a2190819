package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/** Told about each resource after a pass and when it goes away: metrics use it for gauges. */
public interface ReconcileListener {

  ReconcileListener NONE =
      new ReconcileListener() {
        @Override
        public void reconciled(UserAssignedIdentity resource) {}

        @Override
        public void removed(ResourceID resource) {}
      };

  /** The resource with the status just written (or unchanged). */
  void reconciled(UserAssignedIdentity resource);

  /** The resource was deleted and its finalizer removed. */
  void removed(ResourceID resource);

  /** A pass ended in an exception no part caught (Ready False with reason ReconcileError). */
  default void failed(UserAssignedIdentity resource) {}
}
