package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;

/**
 * What deleting a namespace does to the identities of its resources, and who decided it: an
 * IdentityPolicy selecting the namespace, else the operator's OPERATOR_NAMESPACE_DELETION_POLICY.
 */
public record NamespaceDeletion(DeletionPolicy policy, String decidedBy) {

  /** How a namespace's deletion policy is found; throws when it cannot be read. */
  @FunctionalInterface
  public interface Source {
    NamespaceDeletion of(String namespace);
  }
}
