package dev.operators.identity.operator.reconciler;

/**
 * Whether the CustomResourceDefinition of UserAssignedIdentity is being deleted. A real API server
 * then deletes every custom resource of the kind, each through its finalizer, which the operator
 * would otherwise take for users deleting them (Crossplane provider-azure 215 deleted whole estates
 * that way): while the CRD is terminating, deleting a resource deletes nothing in Azure.
 */
public interface CrdState {

  /** True while the CRD is terminating or gone; throws when that cannot be known. */
  boolean terminating();
}
