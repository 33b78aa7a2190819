package dev.operators.identity.e2e.kube;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.List;
import java.util.Map;

/**
 * A {@code metav1.LabelSelector} as the API server reads it (apimachinery's {@code
 * LabelSelectorAsSelector}): {@code matchLabels} and {@code matchExpressions} all hold ({@code In},
 * {@code NotIn} with values; {@code Exists}, {@code DoesNotExist} without); an empty selector
 * selects everything.
 */
final class LabelSelectors {

  private LabelSelectors() {}

  static boolean isEmpty(LabelSelector selector) {
    return selector == null
        || ((selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
            && (selector.getMatchExpressions() == null
                || selector.getMatchExpressions().isEmpty()));
  }

  /** Whether {@code labels} (null: none) are selected. */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> actual = labels == null ? Map.of() : labels;
    if (selector == null) {
      return true;
    }
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> label : selector.getMatchLabels().entrySet()) {
        if (!label.getValue().equals(actual.get(label.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
        String value = actual.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        boolean holds =
            switch (requirement.getOperator()) {
              case "In" -> value != null && values.contains(value);
              case "NotIn" -> value == null || !values.contains(value);
              case "Exists" -> value != null;
              case "DoesNotExist" -> value == null;
              default -> false;
            };
        if (!holds) {
          return false;
        }
      }
    }
    return true;
  }

  /** The API server's complaints about a selector at {@code field} (metav1 validation). */
  static void validate(LabelSelector selector, String field, List<StatusCause> causes) {
    if (selector == null || selector.getMatchExpressions() == null) {
      return;
    }
    for (int i = 0; i < selector.getMatchExpressions().size(); i++) {
      LabelSelectorRequirement requirement = selector.getMatchExpressions().get(i);
      String at = field + ".matchExpressions[" + i + "]";
      String operator = String.valueOf(requirement.getOperator());
      boolean hasValues = requirement.getValues() != null && !requirement.getValues().isEmpty();
      switch (operator) {
        case "In", "NotIn" -> {
          if (!hasValues) {
            causes.add(
                WebhookConfigurations.cause(
                    "FieldValueRequired",
                    at + ".values",
                    "Required value: must be specified when `operator` is 'In' or 'NotIn'"));
          }
        }
        case "Exists", "DoesNotExist" -> {
          if (hasValues) {
            causes.add(
                WebhookConfigurations.cause(
                    "FieldValueForbidden",
                    at + ".values",
                    "Forbidden: may not be specified when `operator` is 'Exists' or"
                        + " 'DoesNotExist'"));
          }
        }
        default ->
            causes.add(
                WebhookConfigurations.cause(
                    "FieldValueInvalid",
                    at + ".operator",
                    "Invalid value: \"" + operator + "\": not a valid selector operator"));
      }
    }
  }
}
