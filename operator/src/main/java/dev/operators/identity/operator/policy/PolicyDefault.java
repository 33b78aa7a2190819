package dev.operators.identity.operator.policy;

/**
 * What applies to a namespace no IdentityPolicy selects ({@code OPERATOR_POLICY_DEFAULT}, Helm
 * value {@code policy.default}).
 */
public enum PolicyDefault {
  /**
   * The secure default: everything but privileged roles, subscription and management-group scopes,
   * and ServiceAccounts of other namespaces.
   */
  SecureDefault,
  /** Nothing: every resource of the namespace is refused until a policy selects it. */
  DenyUnlessAllowed
}
