package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.policy.PolicyGate;
import dev.operators.identity.operator.policy.PolicyVerdict;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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

  /**
   * Reconciles the resources a policy change concerns: those in the namespaces it selects now or
   * selected at its last evaluation (its status), so a loosened policy converges at once and a
   * tightened one is reported at once. Status-only updates of the policy (its own reconciler's)
   * trigger nothing.
   */
  EventSource<IdentityPolicy, UserAssignedIdentity> triggers(
      EventSourceContext<UserAssignedIdentity> context) {
    var configuration =
        InformerEventSourceConfiguration.from(IdentityPolicy.class, UserAssignedIdentity.class)
            .withName("identitypolicies")
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper(policy -> concerned(policy, context))
            .withOnUpdateFilter(
                (updated, old) ->
                    !Objects.equals(
                        updated.getMetadata().getGeneration(), old.getMetadata().getGeneration()))
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  private Set<ResourceID> concerned(
      IdentityPolicy policy, EventSourceContext<UserAssignedIdentity> context) {
    Set<String> earlier =
        policy.getStatus() == null
            ? Set.of()
            : Set.copyOf(policy.getStatus().getSelectedNamespaces());
    Map<String, Boolean> selects = new HashMap<>();
    return context
        .getPrimaryCache()
        .list()
        .filter(
            resource ->
                selects.computeIfAbsent(
                    resource.getMetadata().getNamespace(),
                    namespace -> earlier.contains(namespace) || selectsNow(policy, namespace)))
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  private boolean selectsNow(IdentityPolicy policy, String namespace) {
    try {
      return gate.selects(policy, namespace);
    } catch (IllegalStateException unknown) {
      return true; // the namespace's labels could not be read: its resources judge for themselves
    }
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
