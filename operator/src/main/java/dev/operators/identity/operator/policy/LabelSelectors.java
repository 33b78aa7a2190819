package dev.operators.identity.operator.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes label selector semantics (as {@code metav1.LabelSelectorAsSelector}): every
 * matchLabels entry and every matchExpressions requirement must hold; an empty selector matches
 * everything; a requirement with an unknown operator matches nothing.
 */
final class LabelSelectors {
  private LabelSelectors() {}

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> matchLabels =
        Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of());
    for (var label : matchLabels.entrySet()) {
      if (!label.getValue().equals(labels.get(label.getKey()))) {
        return false;
      }
    }
    List<LabelSelectorRequirement> expressions =
        Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of());
    return expressions.stream().allMatch(r -> holds(r, labels));
  }

  /** Why the selector can select nothing, if it cannot (an unknown operator, values misplaced). */
  static Optional<String> problem(LabelSelector selector) {
    for (LabelSelectorRequirement r :
        Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of())) {
      String operator = String.valueOf(r.getOperator());
      List<String> values = Optional.ofNullable(r.getValues()).orElse(List.of());
      boolean set = operator.equals("In") || operator.equals("NotIn");
      boolean existence = operator.equals("Exists") || operator.equals("DoesNotExist");
      if (!set && !existence) {
        return Optional.of(
            "matchExpressions operator \""
                + operator
                + "\" is not In, NotIn, Exists or"
                + " DoesNotExist");
      }
      if (set == values.isEmpty()) {
        return Optional.of(
            "matchExpressions operator " + operator + (set ? " needs values" : " takes no values"));
      }
    }
    return Optional.empty();
  }

  private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    List<String> values = Optional.ofNullable(requirement.getValues()).orElse(List.of());
    return switch (String.valueOf(requirement.getOperator())) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }
}
