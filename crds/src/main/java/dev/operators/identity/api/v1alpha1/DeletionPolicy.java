package dev.operators.identity.api.v1alpha1;

/** What happens in Azure when the custom resource is deleted. */
public enum DeletionPolicy {
  /** Delete the identity (and what the operator manages for it) from Azure. */
  Delete,
  /** Leave Azure as it is; only the Kubernetes resource goes away. */
  Orphan
}
