package dev.operators.identity.operator.reconciler;

/**
 * What the cluster is doing around a deletion, which the deletion itself does not tell: a real API
 * server deletes every custom resource of a kind when its CRD is deleted, and every object of a
 * namespace when the namespace is deleted, each through its finalizer, which the operator would
 * otherwise take for users deleting them (Crossplane provider-azure 215 deleted whole estates that
 * way).
 */
public interface ClusterState {

  /** True while the UserAssignedIdentity CRD is terminating or gone; throws when unknown. */
  boolean crdTerminating();

  /** True while the namespace is terminating or gone; throws when unknown. */
  boolean namespaceTerminating(String namespace);
}
