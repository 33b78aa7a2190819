package dev.operators.identity.operator.policy;

import dev.operators.identity.api.v1alpha1.IdentityPolicySpec;
import dev.operators.identity.operator.azure.ArmId;
import java.util.ArrayList;
import java.util.List;

/**
 * What makes an IdentityPolicy say something other than its author meant, that the CRD schema
 * cannot express: a label selector that can select nothing (an unknown operator, values where none
 * belong), a resource group pattern with {@code *} anywhere but at the end (matched literally), an
 * ARM prefix that is not a scope (it covers nothing). The admission webhook refuses such a policy.
 */
public final class PolicyProblems {
  private PolicyProblems() {}

  /** Every problem, naming the field; empty when the policy reads as written. */
  public static List<String> of(IdentityPolicySpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec.getNamespaceSelector() != null) {
      LabelSelectors.problem(spec.getNamespaceSelector())
          .ifPresent(p -> problems.add("spec.namespaceSelector: " + p));
    }
    List<String> groups = spec.getIdentities().getResourceGroups();
    for (int i = 0; i < groups.size(); i++) {
      String pattern = groups.get(i);
      if (pattern.indexOf('*') >= 0 && pattern.indexOf('*') < pattern.length() - 1) {
        problems.add(
            "spec.identities.resourceGroups["
                + i
                + "] "
                + ArmId.quote(pattern)
                + ": * matches a suffix only, at the end (rg-orders-*)");
      }
    }
    scopes("spec.roleAssignments.scopePrefixes", spec.getRoleAssignments().getScopePrefixes())
        .forEach(problems::add);
    scopes("spec.assignees.resourceIdPrefixes", spec.getAssignees().getResourceIdPrefixes())
        .forEach(problems::add);
    return List.copyOf(problems);
  }

  private static List<String> scopes(String field, List<String> prefixes) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < prefixes.size(); i++) {
      if (ArmId.tryParse(prefixes.get(i), ArmId.Shape.AZURE_SCOPE).isEmpty()) {
        problems.add(
            field
                + "["
                + i
                + "] "
                + ArmId.quote(prefixes.get(i))
                + " is not an ARM scope (/subscriptions/{id}, /subscriptions/{id}/resourceGroups/"
                + "{name}, a resource ID or a management group)");
      }
    }
    return problems;
  }
}
