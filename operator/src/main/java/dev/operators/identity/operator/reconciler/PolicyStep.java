package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.policy.PolicyGate;
import dev.operators.identity.operator.policy.PolicyVerdict;
import java.time.Duration;

/**
 * The policies selecting the resource's namespace, checked before any Azure write ({@link
 * PolicyGate}, the same code as the admission webhook's), as the PolicyCompliant part; and the
 * namespace deletion policy they set.
 */
final class PolicyStep {

  /** What follows the refusal (the admission webhook's denial) in the condition's message. */
  static final String NOTHING_WRITTEN =
      ". Nothing was written to Azure; what the identity already has there stays as it is";

  private final PolicyGate gate;

  PolicyStep(PolicyGate gate) {
    this.gate = gate;
  }

  /**
   * Compliant; a violation (nothing is written); or pending while Azure or the cluster is silent.
   */
  PartResult check(UserAssignedIdentity resource, IdentityRef identity) {
    PolicyVerdict verdict = gate.check(resource, identity);
    if (!verdict.violations().isEmpty()) {
      return PartResult.failed("PolicyViolation", verdict.violationMessage() + NOTHING_WRITTEN);
    }
    if (!verdict.undecided().isEmpty()) {
      return PartResult.retrying(
          "PolicyPending",
          "The policy cannot be checked yet ("
              + verdict.undecidedMessage()
              + "); nothing is written to Azure until it can",
          verdict.retryAfter().orElse(Duration.ZERO));
    }
    return PartResult.ready(
        "Compliant",
        verdict.policies().isEmpty()
            ? "Complies with the policy default"
            : "Complies with " + String.join(", ", verdict.policies()));
  }

  /** A selecting policy's namespace deletion policy, else the operator's. */
  NamespaceDeletion.Source namespaceDeletion(DeletionPolicy operatorDefault) {
    return namespace ->
        gate.namespaceDeletionPolicy(namespace)
            .map(p -> new NamespaceDeletion(p, "an IdentityPolicy selecting the namespace"))
            .orElseGet(
                () -> new NamespaceDeletion(operatorDefault, "OPERATOR_NAMESPACE_DELETION_POLICY"));
  }
}
