package dev.operators.identity.operator.policy;

/**
 * One rule a resource breaks: which policy (an IdentityPolicy, or the secure default when none
 * selects the namespace), the rule as the policy's field path, and what breaks it.
 */
public record Violation(String policy, String rule, String message) {

  /** The sentence a condition, an event and an admission denial give. */
  public String describe() {
    return policy + ", rule " + rule + ": " + message;
  }
}
