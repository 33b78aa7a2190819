package dev.operators.identity.api.v1alpha1;

/** Where an identity may be used, after Azure's {@code properties.isolationScope}. */
public enum IsolationScope {
  /** The identity can be attached to resources in any region (Azure's default). */
  None,
  /** The identity can be attached only to resources in its own region. */
  Regional
}
