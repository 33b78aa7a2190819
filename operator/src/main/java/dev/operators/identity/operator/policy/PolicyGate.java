package dev.operators.identity.operator.policy;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.azure.RoleDefinitionPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one implementation of policy for both of its callers, the reconciler and the admission
 * webhook: reads the policies and the namespace's labels, looks up the declared roles (cached), and
 * asks {@link PolicyEvaluation}. What cannot be read is undecided, never allowed.
 */
public final class PolicyGate {

  private final PolicyCatalog catalog;
  private final RoleDefinitionPort roles;
  private final PolicyDefault fallback;

  public PolicyGate(PolicyCatalog catalog, RoleDefinitionPort roles, PolicyDefault fallback) {
    this.catalog = catalog;
    this.roles = roles;
    this.fallback = fallback;
  }

  /** The verdict on a resource whose spec is valid and names {@code identity}. */
  public PolicyVerdict check(UserAssignedIdentity resource, IdentityRef identity) {
    String namespace = resource.getMetadata().getNamespace();
    List<IdentityPolicy> policies;
    Map<String, String> labels;
    try {
      policies = catalog.policies();
      // Labels matter only to a label selector: no request for them otherwise (the webhook
      // answers from the policy informer's cache alone).
      boolean selectorsPresent =
          policies.stream()
              .anyMatch(p -> p.getSpec() != null && p.getSpec().getNamespaceSelector() != null);
      labels = selectorsPresent ? catalog.namespaceLabels(namespace) : Map.of();
    } catch (IllegalStateException e) {
      return new PolicyVerdict(
          List.of(), List.of(), List.of("the policies could not be read: " + e.getMessage()));
    }
    List<Duration> waits = new ArrayList<>();
    PolicySubject subject =
        new PolicySubject(namespace, identity, resource.getSpec(), lookUp(resource, waits));
    return PolicyEvaluation.evaluate(subject, policies, labels, fallback)
        .withRetryAfter(waits.stream().max(Duration::compareTo));
  }

  /**
   * The rules of one policy the resource breaks, judged as if it were the only policy (what the
   * policy's status lists); nothing for what cannot be judged yet.
   */
  public List<Violation> violationsOf(
      IdentityPolicy policy, UserAssignedIdentity resource, IdentityRef identity) {
    PolicySubject subject =
        new PolicySubject(
            resource.getMetadata().getNamespace(),
            identity,
            resource.getSpec(),
            lookUp(resource, new ArrayList<>()));
    return PolicyRules.evaluate(policy.describe(), policy.getSpec(), subject).violations();
  }

  /** Whether the policy selects the namespace; throws when its labels cannot be read. */
  public boolean selects(IdentityPolicy policy, String namespace) {
    return policy.getSpec() != null
        && PolicyEvaluation.selects(
            policy.getSpec(), namespace, catalog.namespaceLabels(namespace));
  }

  /** What deleting the namespace does, when a policy selecting it says; throws when unknown. */
  public Optional<DeletionPolicy> namespaceDeletionPolicy(String namespace) {
    return PolicyEvaluation.namespaceDeletionPolicy(
        PolicyEvaluation.selecting(
            catalog.policies(), namespace, catalog.namespaceLabels(namespace)));
  }

  private List<DeclaredRole> lookUp(UserAssignedIdentity resource, List<Duration> waits) {
    List<DeclaredRole> declared = new ArrayList<>();
    List<RoleAssignmentSpec> specs = resource.getSpec().effectiveRoleAssignments();
    for (int i = 0; i < specs.size(); i++) {
      RoleAssignmentSpec spec = specs.get(i);
      try {
        final int index = i;
        declared.add(
            roles
                .resolve(spec.getScope(), spec.getRole())
                .map(found -> DeclaredRole.found(index, spec.getRole(), spec.getScope(), found))
                .orElseGet(() -> DeclaredRole.notFound(index, spec.getRole(), spec.getScope())));
      } catch (AzureRequestException e) {
        declared.add(DeclaredRole.unknown(i, spec.getRole(), spec.getScope()));
        e.retryAfter().ifPresent(waits::add);
      }
    }
    return declared;
  }
}
