package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.operator.azure.IdentityRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reconcile-time validation: the CRD schema refuses most bad input at apply time, but not
 * everything (the default name comes from metadata.name, the default subscription from the
 * operator, and a schema may be missing or older than this operator). Nothing reaches Azure unless
 * this passes.
 */
final class SpecValidator {

  private static final Pattern SUBSCRIPTION = Pattern.compile(AzureNameRules.SUBSCRIPTION_ID);
  private static final Pattern RESOURCE_GROUP = Pattern.compile(AzureNameRules.RESOURCE_GROUP);
  private static final Pattern IDENTITY_NAME = Pattern.compile(AzureNameRules.IDENTITY_NAME);
  private static final Pattern LOCATION = Pattern.compile(AzureNameRules.LOCATION);
  private static final Pattern SCOPE = Pattern.compile(AzureNameRules.SCOPE);
  private static final Pattern RESOURCE_ID = Pattern.compile(AzureNameRules.RESOURCE_ID);
  private static final Pattern FORBIDDEN_TAG_CHARACTERS = Pattern.compile("[<>%&\\\\?/]");

  /** The outcome: where the identity lives, or every problem found. */
  record Result(IdentityRef ref, List<String> problems) {
    boolean valid() {
      return problems.isEmpty();
    }

    String message() {
      return String.join("; ", problems);
    }
  }

  private final Optional<String> defaultSubscription;

  SpecValidator(Optional<String> defaultSubscription) {
    this.defaultSubscription = defaultSubscription;
  }

  Result validate(UserAssignedIdentity resource) {
    UserAssignedIdentitySpec spec = resource.getSpec();
    if (spec == null) {
      return new Result(null, List.of("spec is missing"));
    }
    List<String> problems = new ArrayList<>();
    String subscription = spec.getSubscriptionId();
    if (subscription == null || subscription.isBlank()) {
      subscription = defaultSubscription.orElse(null);
      if (subscription == null) {
        problems.add(
            "spec.subscriptionId is not set and the operator has no default subscription"
                + " (AZURE_SUBSCRIPTION_ID)");
      }
    } else if (!SUBSCRIPTION.matcher(subscription).matches()) {
      problems.add("spec.subscriptionId '" + subscription + "' is not a GUID");
    }
    String group = spec.getResourceGroup();
    if (group == null || group.isBlank()) {
      problems.add("spec.resourceGroup is required");
    } else if (group.length() > 90 || !RESOURCE_GROUP.matcher(group).matches()) {
      problems.add(
          "spec.resourceGroup '"
              + group
              + "' is not a valid resource group name: 1 to 90 letters, digits, underscores,"
              + " hyphens, periods and parentheses, not ending with a period");
    }
    String name = resource.azureName();
    if (!IDENTITY_NAME.matcher(name).matches()) {
      String source =
          spec.getAzureName() == null || spec.getAzureName().isBlank()
              ? "metadata.name '" + name + "' (used because spec.azureName is not set)"
              : "spec.azureName '" + name + "'";
      problems.add(
          source
              + " is not a valid identity name: 3 to 128 letters, digits, hyphens and"
              + " underscores, starting with a letter or digit"
              + (spec.getAzureName() == null ? "; set spec.azureName" : ""));
    }
    String location = spec.getLocation();
    if (location == null || location.isBlank()) {
      problems.add("spec.location is required");
    } else if (!LOCATION.matcher(location).matches()) {
      problems.add(
          "spec.location '"
              + location
              + "' is not a region's programmatic name such as eastus or westeurope");
    }
    problems.addAll(tagProblems(spec.effectiveTags()));
    problems.addAll(roleAssignmentProblems(spec.effectiveRoleAssignments()));
    problems.addAll(assigneeProblems(spec.effectiveAssignees()));
    IdentityRef ref = problems.isEmpty() ? new IdentityRef(subscription, group, name) : null;
    return new Result(ref, List.copyOf(problems));
  }

  private static List<String> roleAssignmentProblems(List<RoleAssignmentSpec> assignments) {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < assignments.size(); i++) {
      RoleAssignmentSpec a = assignments.get(i);
      String where = "spec.roleAssignments[" + i + "]";
      if (a.getRole() == null || a.getRole().isBlank()) {
        problems.add(where + ".role is required");
      }
      if (a.getScope() == null || !SCOPE.matcher(a.getScope()).matches()) {
        problems.add(
            where
                + ".scope '"
                + a.getScope()
                + "' is not an ARM scope: a management group, subscription, resource group or"
                + " resource ID");
        continue;
      }
      if (a.getConditionVersion() != null
          && (a.getCondition() == null || a.getCondition().isBlank())) {
        problems.add(where + ".conditionVersion is set without a condition");
      }
      String key = (a.getRole() + "|" + a.getScope()).toLowerCase(Locale.ROOT);
      Integer twin = seen.putIfAbsent(key, i);
      if (twin != null) {
        problems.add(where + " repeats spec.roleAssignments[" + twin + "] (same role and scope)");
      }
    }
    return problems;
  }

  private static List<String> assigneeProblems(List<AssigneeSpec> assignees) {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < assignees.size(); i++) {
      String id = assignees.get(i).getResourceId();
      String where = "spec.assignees[" + i + "]";
      if (id == null || !RESOURCE_ID.matcher(id).matches()) {
        problems.add(where + ".resourceId '" + id + "' is not a resource ID");
        continue;
      }
      Integer twin = seen.putIfAbsent(id.toLowerCase(Locale.ROOT), i);
      if (twin != null) {
        problems.add(where + " repeats spec.assignees[" + twin + "]");
      }
    }
    return problems;
  }

  private static List<String> tagProblems(Map<String, String> tags) {
    List<String> problems = new ArrayList<>();
    if (tags.size() > AzureNameRules.MAX_USER_TAGS) {
      problems.add(
          "spec.tags has "
              + tags.size()
              + " tags; at most "
              + AzureNameRules.MAX_USER_TAGS
              + " are allowed (Azure's 50 minus the operator's 3 ownership tags)");
    }
    tags.forEach(
        (key, value) -> {
          if (key.startsWith(AzureNameRules.OWNER_TAG_PREFIX)) {
            problems.add("tag '" + key + "' uses the operator's reserved prefix");
          } else if (key.isEmpty()
              || key.length() > 512
              || FORBIDDEN_TAG_CHARACTERS.matcher(key).find()) {
            problems.add(
                "tag name '" + key + "' must be 1 to 512 characters without < > % & \\ ? /");
          }
          if (value != null && value.length() > 256) {
            problems.add("tag '" + key + "' has a value longer than 256 characters");
          }
        });
    return problems;
  }
}
