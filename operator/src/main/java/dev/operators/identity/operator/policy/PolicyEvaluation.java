package dev.operators.identity.operator.policy;

import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import dev.operators.identity.api.v1alpha1.IdentityPolicySpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which policies select a namespace and what they say together (pure): every selecting policy must
 * be satisfied (an intersection: the strictest wins); with none, the operator's default applies:
 * the secure default (the empty policy), or refusing everything.
 */
public final class PolicyEvaluation {

  static final String SECURE_DEFAULT =
      "the secure default (no IdentityPolicy selects namespace %s)";

  private PolicyEvaluation() {}

  /** The verdict on one resource, from every policy in the cluster. */
  public static PolicyVerdict evaluate(
      PolicySubject subject,
      List<IdentityPolicy> policies,
      Map<String, String> namespaceLabels,
      PolicyDefault fallback) {
    List<IdentityPolicy> selecting = selecting(policies, subject.namespace(), namespaceLabels);
    if (selecting.isEmpty() && fallback == PolicyDefault.DenyUnlessAllowed) {
      Violation refusal =
          new Violation(
              "no IdentityPolicy selects namespace " + subject.namespace(),
              "policy default",
              "the operator refuses everything a policy does not allow"
                  + " (OPERATOR_POLICY_DEFAULT=DenyUnlessAllowed)");
      return new PolicyVerdict(List.of(), List.of(refusal), List.of());
    }
    if (selecting.isEmpty()) {
      String name = String.format(SECURE_DEFAULT, subject.namespace());
      var findings = PolicyRules.evaluate(name, new IdentityPolicySpec(), subject);
      return new PolicyVerdict(List.of(name), findings.violations(), findings.undecided());
    }
    List<String> names = new ArrayList<>();
    List<Violation> violations = new ArrayList<>();
    List<String> undecided = new ArrayList<>();
    for (IdentityPolicy policy : selecting) {
      names.add(policy.describe());
      var findings = PolicyRules.evaluate(policy.describe(), policy.getSpec(), subject);
      violations.addAll(findings.violations());
      findings.undecided().stream().filter(u -> !undecided.contains(u)).forEach(undecided::add);
    }
    return new PolicyVerdict(names, violations, undecided);
  }

  /** The policies that select the namespace, by name. */
  public static List<IdentityPolicy> selecting(
      List<IdentityPolicy> policies, String namespace, Map<String, String> labels) {
    return policies.stream()
        .filter(p -> p.getSpec() != null && selects(p.getSpec(), namespace, labels))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }

  /** By name, or by a label selector ({} selects all; no selector selects none by labels). */
  static boolean selects(IdentityPolicySpec spec, String namespace, Map<String, String> labels) {
    return spec.getNamespaces().contains(namespace)
        || (spec.getNamespaceSelector() != null
            && LabelSelectors.problem(spec.getNamespaceSelector()).isEmpty()
            && LabelSelectors.matches(spec.getNamespaceSelector(), labels));
  }

  /** What deleting the namespace does, if a selecting policy says: Orphan when any says so. */
  public static Optional<DeletionPolicy> namespaceDeletionPolicy(List<IdentityPolicy> selecting) {
    List<DeletionPolicy> said =
        selecting.stream()
            .flatMap(p -> p.getSpec().effectiveNamespaceDeletionPolicy().stream())
            .toList();
    if (said.contains(DeletionPolicy.Orphan)) {
      return Optional.of(DeletionPolicy.Orphan);
    }
    return said.isEmpty() ? Optional.empty() : Optional.of(DeletionPolicy.Delete);
  }
}
