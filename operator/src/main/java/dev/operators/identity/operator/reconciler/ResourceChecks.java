package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.policy.PolicyGate;
import dev.operators.identity.operator.policy.PolicyVerdict;
import java.util.Optional;

/**
 * What a resource must pass before anything is written to Azure: a valid spec ({@link
 * SpecValidator}) and the policies selecting its namespace ({@link PolicyGate}). One instance,
 * shared by both callers: the reconciler, which reports the outcome in status, and the admission
 * webhook, which refuses the write.
 */
public final class ResourceChecks {

  /** The outcome: why the spec is invalid, or else what the policies say. */
  public record Outcome(Optional<String> invalidSpec, Optional<PolicyVerdict> verdict) {

    static Outcome invalid(String message) {
      return new Outcome(Optional.of(message), Optional.empty());
    }

    static Outcome judged(PolicyVerdict verdict) {
      return new Outcome(Optional.empty(), Optional.of(verdict));
    }
  }

  private final SpecValidator validator;
  private final PolicyGate gate;

  public ResourceChecks(Optional<String> defaultSubscription, PolicyGate gate) {
    this.validator = new SpecValidator(defaultSubscription);
    this.gate = gate;
  }

  /** The checks on the policies of {@code kubernetes} and the roles of {@code azure}. */
  public static ResourceChecks of(
      ReconcilerSettings settings, AzurePorts azure, KubernetesPorts kubernetes) {
    return new ResourceChecks(
        settings.defaultSubscription(),
        new PolicyGate(kubernetes.policies(), azure.roleDefinitions(), settings.policyDefault()));
  }

  /** The spec first; the policies only for a valid spec (they need where the identity lives). */
  public Outcome check(UserAssignedIdentity resource) {
    SpecValidator.Result validation = validator.validate(resource);
    return validation.valid()
        ? Outcome.judged(gate.check(resource, validation.ref()))
        : Outcome.invalid(validation.message());
  }

  SpecValidator validator() {
    return validator;
  }

  /** The policies' gate (also the policy reconciler's). */
  public PolicyGate gate() {
    return gate;
  }

  /** Where a valid spec's identity lives; empty for an invalid spec. */
  public Optional<IdentityRef> identityOf(UserAssignedIdentity resource) {
    SpecValidator.Result validation = validator.validate(resource);
    return validation.valid() ? Optional.of(validation.ref()) : Optional.empty();
  }
}
