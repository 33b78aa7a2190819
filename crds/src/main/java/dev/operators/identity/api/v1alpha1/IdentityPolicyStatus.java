package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operators.identity.api.ItemMaxLength;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Which namespaces the policy selects and which resources break it. */
@JsonClassDescription(
    "What the policy selects and which resources break it (the first 100, with the total count)."
        + " Written only by the operator.")
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IdentityPolicyStatus {

  /** The most violations listed; the count gives the total. */
  public static final int MAX_LISTED_VIOLATIONS = 100;

  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready: the policy was evaluated against every resource of the namespaces it selects.")
  @Size(max = 8)
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("How many namespaces the policy selects.")
  private Integer selectedNamespaceCount;

  @JsonPropertyDescription("The namespaces the policy selects (the first 100).")
  @Size(max = 100)
  @ItemMaxLength(63)
  private List<String> selectedNamespaces = new ArrayList<>();

  @JsonPropertyDescription("How many resources break the policy.")
  private Integer violationCount;

  @JsonPropertyDescription("Resources that break the policy, one entry per resource and rule.")
  @Size(max = MAX_LISTED_VIOLATIONS)
  private List<Violation> violations = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
  }

  public Integer getSelectedNamespaceCount() {
    return selectedNamespaceCount;
  }

  public void setSelectedNamespaceCount(Integer selectedNamespaceCount) {
    this.selectedNamespaceCount = selectedNamespaceCount;
  }

  public List<String> getSelectedNamespaces() {
    return selectedNamespaces;
  }

  public void setSelectedNamespaces(List<String> selectedNamespaces) {
    this.selectedNamespaces =
        selectedNamespaces == null ? new ArrayList<>() : new ArrayList<>(selectedNamespaces);
  }

  public Integer getViolationCount() {
    return violationCount;
  }

  public void setViolationCount(Integer violationCount) {
    this.violationCount = violationCount;
  }

  public List<Violation> getViolations() {
    return violations;
  }

  public void setViolations(List<Violation> violations) {
    this.violations = violations == null ? new ArrayList<>() : new ArrayList<>(violations);
  }

  /** One rule one resource breaks. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Violation {
    @JsonPropertyDescription("Namespace of the resource.")
    @Size(max = 63)
    private String namespace;

    @JsonPropertyDescription("Name of the resource.")
    @Size(max = 253)
    private String name;

    @JsonPropertyDescription("The rule broken, as spec.roleAssignments.allowedRoles.")
    @Size(max = 128)
    private String rule;

    @JsonPropertyDescription("What breaks it.")
    @Size(max = AzureNameRules.MAX_MESSAGE_LENGTH)
    private String message;

    public Violation() {}

    public Violation(String namespace, String name, String rule, String message) {
      this.namespace = namespace;
      this.name = name;
      this.rule = rule;
      this.message = message;
    }

    public String getNamespace() {
      return namespace;
    }

    public String getName() {
      return name;
    }

    public String getRule() {
      return rule;
    }

    public String getMessage() {
      return message;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Violation v
          && Objects.equals(namespace, v.namespace)
          && Objects.equals(name, v.name)
          && Objects.equals(rule, v.rule)
          && Objects.equals(message, v.message);
    }

    @Override
    public int hashCode() {
      return Objects.hash(namespace, name, rule, message);
    }
  }
}
