package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.ServiceAccountSpec;
import dev.operators.identity.operator.azure.ArmId;
import dev.operators.identity.operator.azure.InvalidArmIdException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for the spec's lists and maps (role assignments, assignees, tags; federated credentials
 * in {@link FederatedCredentialEntryRules}): the CRD's bounds and patterns, null entries,
 * duplicates, and what only the operator can judge (an identity is no assignee; tag names are
 * case-insensitive in Azure).
 */
final class SpecEntryRules {

  private static final Pattern ROLE = Pattern.compile(AzureNameRules.ROLE);
  private static final Pattern CONDITION_VERSION =
      Pattern.compile(AzureNameRules.CONDITION_VERSION);
  private static final Pattern FORBIDDEN_TAG_CHARACTERS = Pattern.compile("[<>%&\\\\?/]");
  private static final String RESERVED_PREFIX =
      AzureNameRules.OWNER_TAG_PREFIX.toLowerCase(Locale.ROOT);

  private static final Pattern KUBERNETES_NAME = Pattern.compile(AzureNameRules.KUBERNETES_NAME);
  private static final Pattern KUBERNETES_LABEL = Pattern.compile(AzureNameRules.KUBERNETES_LABEL);

  private SpecEntryRules() {}

  static List<String> roleAssignmentProblems(List<RoleAssignmentSpec> assignments) {
    List<String> problems = new ArrayList<>();
    if (assignments == null) {
      return problems;
    }
    tooMany("spec.roleAssignments", assignments.size(), AzureNameRules.MAX_ROLE_ASSIGNMENTS)
        .ifPresent(problems::add);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < assignments.size(); i++) {
      RoleAssignmentSpec a = assignments.get(i);
      String where = "spec.roleAssignments[" + i + "]";
      if (a == null) {
        problems.add(where + " is empty (null): give it a role and a scope");
        continue;
      }
      roleProblem(where + ".role", a.getRole()).ifPresent(problems::add);
      idProblem(where + ".scope", a.getScope(), ArmId.Shape.SCOPE).ifPresent(problems::add);
      tooLong(where + ".description", a.getDescription(), AzureNameRules.MAX_DESCRIPTION_LENGTH)
          .or(() -> unpairedSurrogate(where + ".description", a.getDescription()))
          .ifPresent(problems::add);
      tooLong(where + ".condition", a.getCondition(), AzureNameRules.MAX_CONDITION_LENGTH)
          .or(() -> unpairedSurrogate(where + ".condition", a.getCondition()))
          .ifPresent(problems::add);
      if (a.getConditionVersion() != null) {
        if (!CONDITION_VERSION.matcher(a.getConditionVersion()).matches()) {
          problems.add(
              where
                  + ".conditionVersion "
                  + ArmId.quote(a.getConditionVersion())
                  + " is not 2.0, the only version Azure accepts");
        } else if (a.getCondition() == null || a.getCondition().isBlank()) {
          problems.add(where + ".conditionVersion is set without a condition");
        }
      }
      if (a.getRole() != null && a.getScope() != null) {
        String key = (a.getRole() + "|" + a.getScope()).toLowerCase(Locale.ROOT);
        Integer twin = seen.putIfAbsent(key, i);
        if (twin != null) {
          problems.add(where + " repeats spec.roleAssignments[" + twin + "] (same role and scope)");
        }
      }
    }
    return problems;
  }

  /**
   * Workload identity's ServiceAccounts: Kubernetes names, each once, and with the declared
   * credentials within Azure's 20 per identity (each ServiceAccount is a credential).
   */
  static List<String> serviceAccountProblems(
      List<ServiceAccountSpec> accounts, int declaredCredentials) {
    List<String> problems = new ArrayList<>();
    int total = accounts.size() + declaredCredentials;
    if (total > AzureNameRules.MAX_FEDERATED_CREDENTIALS) {
      problems.add(
          "spec.federatedCredentials and spec.workloadIdentity.serviceAccounts make "
              + total
              + " federated credentials; Azure allows "
              + AzureNameRules.MAX_FEDERATED_CREDENTIALS
              + " per identity");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < accounts.size(); i++) {
      String where = "spec.workloadIdentity.serviceAccounts[" + i + "]";
      ServiceAccountSpec account = accounts.get(i);
      if (account.getName() == null || !KUBERNETES_NAME.matcher(account.getName()).matches()) {
        problems.add(
            where + ".name " + ArmId.quote(account.getName()) + " is not a Kubernetes name");
      } else if (account.getName().length() > 253) {
        problems.add(where + ".name is longer than 253 characters");
      }
      if (account.getNamespace() != null
          && !KUBERNETES_LABEL.matcher(account.getNamespace()).matches()) {
        problems.add(
            where
                + ".namespace "
                + ArmId.quote(account.getNamespace())
                + " is not a namespace name");
      }
      Integer twin = seen.putIfAbsent(account.getNamespace() + "/" + account.getName(), i);
      if (twin != null) {
        problems.add(where + " repeats spec.workloadIdentity.serviceAccounts[" + twin + "]");
      }
    }
    return problems;
  }

  static List<String> assigneeProblems(List<AssigneeSpec> assignees) {
    List<String> problems = new ArrayList<>();
    if (assignees == null) {
      return problems;
    }
    tooMany("spec.assignees", assignees.size(), AzureNameRules.MAX_ASSIGNEES)
        .ifPresent(problems::add);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < assignees.size(); i++) {
      String where = "spec.assignees[" + i + "]";
      if (assignees.get(i) == null) {
        problems.add(where + " is empty (null): give it a resourceId");
        continue;
      }
      String id = assignees.get(i).getResourceId();
      Optional<ArmId> parsed = ArmId.tryParse(id, ArmId.Shape.RESOURCE);
      if (parsed.isEmpty()) {
        idProblem(where + ".resourceId", id, ArmId.Shape.RESOURCE).ifPresent(problems::add);
        continue;
      }
      if (parsed.get().namespace().equalsIgnoreCase(AzureNameRules.MANAGED_IDENTITY_NAMESPACE)) {
        problems.add(
            where
                + ".resourceId "
                + ArmId.quote(id)
                + " is a managed identity resource: it has no identity block, so nothing can be"
                + " attached to it");
        continue;
      }
      Integer twin = seen.putIfAbsent(id.toLowerCase(Locale.ROOT), i);
      if (twin != null) {
        problems.add(where + " repeats spec.assignees[" + twin + "]");
      }
    }
    return problems;
  }

  static List<String> tagProblems(Map<String, String> tags) {
    List<String> problems = new ArrayList<>();
    if (tags == null) {
      return problems;
    }
    if (tags.size() > AzureNameRules.MAX_USER_TAGS) {
      problems.add(
          "spec.tags has "
              + tags.size()
              + " tags; at most "
              + AzureNameRules.MAX_USER_TAGS
              + " are allowed (Azure's 50 minus the operator's 3 ownership tags)");
    }
    Map<String, String> byLowerName = new HashMap<>();
    tags.forEach(
        (key, value) -> {
          String lower = key.toLowerCase(Locale.ROOT);
          if (lower.startsWith(RESERVED_PREFIX)) {
            problems.add(
                "spec.tags: tag "
                    + ArmId.quote(key)
                    + " uses the operator's reserved prefix "
                    + AzureNameRules.OWNER_TAG_PREFIX
                    + " (Azure tag names ignore case)");
          } else if (key.isEmpty()
              || key.length() > AzureNameRules.MAX_TAG_NAME_LENGTH
              || FORBIDDEN_TAG_CHARACTERS.matcher(key).find()) {
            problems.add(
                "spec.tags: tag name "
                    + ArmId.quote(key)
                    + " must be 1 to 512 characters without < > % & \\ ? /"
                    + utf16Note(key, AzureNameRules.MAX_TAG_NAME_LENGTH));
          } else {
            unpairedSurrogate("spec.tags: tag name", key).ifPresent(problems::add);
          }
          String twin = byLowerName.putIfAbsent(lower, key);
          if (twin != null) {
            problems.add(
                "spec.tags: tags "
                    + ArmId.quote(twin)
                    + " and "
                    + ArmId.quote(key)
                    + " differ only in case: Azure tag names ignore case, so one would overwrite"
                    + " the other");
          }
          if (value == null) {
            problems.add(
                "spec.tags: tag "
                    + ArmId.quote(key)
                    + " has no value (null): a tag value is a string, \"\" when empty");
          } else if (value.length() > AzureNameRules.MAX_TAG_VALUE_LENGTH) {
            problems.add(
                "spec.tags: tag "
                    + ArmId.quote(key)
                    + " has a value longer than 256 characters"
                    + utf16Note(value, AzureNameRules.MAX_TAG_VALUE_LENGTH));
          }
          unpairedSurrogate("spec.tags: the value of tag " + ArmId.quote(key), value)
              .ifPresent(problems::add);
        });
    return problems;
  }

  /**
   * Azure counts a string's length in UTF-16 code units, the API server's schema in characters:
   * what makes a string that fits the CRD too long for Azure, said where it is the reason.
   */
  private static String utf16Note(String text, int max) {
    return text.length() > max && text.codePointCount(0, text.length()) <= max
        ? " as Azure counts them (UTF-16 code units: a character outside the Basic Multilingual"
            + " Plane, such as an emoji, counts twice)"
        : "";
  }

  private static Optional<String> roleProblem(String field, String role) {
    if (role == null || role.isBlank()) {
      return Optional.of(field + " is required");
    }
    if (role.length() > AzureNameRules.MAX_ROLE_LENGTH) {
      return tooLong(field, role, AzureNameRules.MAX_ROLE_LENGTH);
    }
    if (role.startsWith("/")) {
      return idProblem(field, role, ArmId.Shape.ROLE_DEFINITION);
    }
    if (!ROLE.matcher(role).matches()) {
      return Optional.of(
          field
              + " "
              + ArmId.quote(role)
              + " is not a role name, role definition GUID or role definition ID (a name holds no"
              + " control characters)");
    }
    return unpairedSurrogate(field, role);
  }

  /**
   * A text with an unpaired UTF-16 surrogate: no character at all. No Kubernetes API server passes
   * one on (JSON decoding replaces it), and the Azure SDK cannot encode it (a role name in a query
   * fails with an IllegalStateException), so it is refused here, naming the field.
   */
  static Optional<String> unpairedSurrogate(String field, String value) {
    if (value == null) {
      return Optional.empty();
    }
    return value
        .codePoints()
        .filter(c -> Character.getType(c) == Character.SURROGATE)
        .findFirst()
        .stream()
        .mapToObj(
            c ->
                field
                    + " "
                    + ArmId.quote(value)
                    + " holds an unpaired surrogate (U+"
                    + String.format("%04X", c)
                    + "), which is no character and cannot be sent to Azure")
        .findFirst();
  }

  private static Optional<String> idProblem(String field, String value, ArmId.Shape shape) {
    if (value == null) {
      return Optional.of(field + " is required");
    }
    try {
      ArmId.parse(value, shape);
      return Optional.empty();
    } catch (InvalidArmIdException e) {
      String reason = e.getMessage();
      return Optional.of(
          field
              + " "
              + ArmId.quote(value)
              + " "
              + reason
              + (reason.startsWith("is not") ? "" : ": it must be " + shape.description()));
    }
  }

  static Optional<String> tooMany(String field, int size, int max) {
    return size > max
        ? Optional.of(field + " has " + size + " entries; at most " + max + " are allowed")
        : Optional.empty();
  }

  static Optional<String> tooLong(String field, String value, int max) {
    return value != null && value.length() > max
        ? Optional.of(
            field + " is " + value.length() + " characters long; at most " + max + " are allowed")
        : Optional.empty();
  }
}
