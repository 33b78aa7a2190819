package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The assignment-restriction rule, in one place (seed 002): which resource types may carry the
 * identity. An entry is a provider ({@code Microsoft.Compute}, every type of it) or a provider and
 * type ({@code Microsoft.Web/sites}), compared case-insensitively; no entry at all means any.
 */
final class AssignmentRestrictions {

  private AssignmentRestrictions() {}

  static boolean allows(List<String> providers, String resourceType) {
    if (providers.isEmpty()) {
      return true;
    }
    if (resourceType == null) {
      return false;
    }
    String type = resourceType.toLowerCase(Locale.ROOT);
    return providers.stream()
        .map(p -> p.toLowerCase(Locale.ROOT))
        .anyMatch(p -> type.equals(p) || type.startsWith(p + "/"));
  }

  /** Why the resource may not carry the identity under these restrictions, if it may not. */
  static Optional<String> refusal(List<String> providers, String resourceId, String resourceType) {
    if (allows(providers, resourceType)) {
      return Optional.empty();
    }
    return Optional.of(
        "assignment restrictions: "
            + resourceId
            + " is a "
            + resourceType
            + ", and spec.assignmentRestrictions.providers allows only "
            + String.join(", ", providers));
  }

  /** Attached assignees the new restrictions would strand: the change waits until they go. */
  static List<String> stranded(List<String> providers, List<AssigneeStatus> attached) {
    return attached.stream()
        .filter(a -> a.getState() == AssigneeStatus.State.Attached)
        .filter(a -> !allows(providers, a.getResourceType()))
        .map(a -> a.getResourceId() + " (" + a.getResourceType() + ")")
        .toList();
  }

  static boolean same(List<String> a, List<String> b) {
    return lower(a).equals(lower(b));
  }

  private static TreeSet<String> lower(List<String> list) {
    TreeSet<String> set = new TreeSet<>();
    list.forEach(s -> set.add(s.toLowerCase(Locale.ROOT)));
    return set;
  }
}
