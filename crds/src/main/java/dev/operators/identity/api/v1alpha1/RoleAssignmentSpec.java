package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** One Azure role assignment the identity must hold. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RoleAssignmentSpec {

  @JsonPropertyDescription(
      "The role: a built-in or custom role name (\"Storage Blob Data Reader\"), a role definition"
          + " GUID, or a full role definition resource ID.")
  @Required
  @Size(min = 1, max = AzureNameRules.MAX_ROLE_LENGTH)
  @Pattern(AzureNameRules.ROLE)
  private String role;

  @JsonPropertyDescription(
      "Where the role applies, as an ARM resource ID: a management group"
          + " (/providers/Microsoft.Management/managementGroups/{id}), a subscription"
          + " (/subscriptions/{id}), a resource group (/subscriptions/{id}/resourceGroups/{name})"
          + " or a resource. Roles at management-group or subscription scope are reported as"
          + " privileged.")
  @Required
  @Size(max = AzureNameRules.MAX_ID_LENGTH)
  @Pattern(AzureNameRules.SCOPE)
  private String scope;

  @JsonPropertyDescription("Description of the assignment, shown in the Azure portal.")
  @Size(max = AzureNameRules.MAX_DESCRIPTION_LENGTH)
  private String description;

  @JsonPropertyDescription(
      "Optional ABAC condition that narrows the assignment (Azure attribute-based access"
          + " control), for example on storage container names.")
  @Size(max = AzureNameRules.MAX_CONDITION_LENGTH)
  private String condition;

  @JsonPropertyDescription("Version of the condition language; \"2.0\" (the default) when set.")
  @Size(max = 3)
  @Pattern(AzureNameRules.CONDITION_VERSION)
  private String conditionVersion;

  public RoleAssignmentSpec() {}

  public RoleAssignmentSpec(String role, String scope) {
    this.role = role;
    this.scope = scope;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public String getScope() {
    return scope;
  }

  public void setScope(String scope) {
    this.scope = scope;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public String getCondition() {
    return condition;
  }

  public void setCondition(String condition) {
    this.condition = condition;
  }

  public String getConditionVersion() {
    return conditionVersion;
  }

  public void setConditionVersion(String conditionVersion) {
    this.conditionVersion = conditionVersion;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoleAssignmentSpec other
        && Objects.equals(role, other.role)
        && Objects.equals(scope, other.scope)
        && Objects.equals(description, other.description)
        && Objects.equals(condition, other.condition)
        && Objects.equals(conditionVersion, other.conditionVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(role, scope, description, condition, conditionVersion);
  }
}
