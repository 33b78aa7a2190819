package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** One orphaned role assignment the last sweep found, and what it did with it. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SweepFinding {

  @JsonPropertyDescription("ARM ID of the role assignment.")
  @Size(max = AzureNameRules.MAX_ID_LENGTH)
  private String id;

  @JsonPropertyDescription("Scope of the role assignment.")
  @Size(max = AzureNameRules.MAX_ID_LENGTH)
  private String scope;

  @JsonPropertyDescription("Role definition ID of the role assignment.")
  @Size(max = AzureNameRules.MAX_ID_LENGTH)
  private String roleDefinitionId;

  @JsonPropertyDescription("Object ID of the principal that no longer exists.")
  @Size(max = 36)
  private String principalId;

  @JsonPropertyDescription(
      "What the sweep did: Reported (Report mode), Deleted, TooYoung (younger than"
          + " minimumAge: kept), Skipped (a fresh read no longer showed it orphaned) or Failed.")
  @Size(max = 16)
  private String action;

  @JsonPropertyDescription("Details of the action, such as Azure's error.")
  @Size(max = 1024)
  private String message;

  public SweepFinding() {}

  public SweepFinding(
      String id,
      String scope,
      String roleDefinitionId,
      String principalId,
      String action,
      String message) {
    this.id = id;
    this.scope = scope;
    this.roleDefinitionId = roleDefinitionId;
    this.principalId = principalId;
    this.action = action;
    this.message = message;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getScope() {
    return scope;
  }

  public void setScope(String scope) {
    this.scope = scope;
  }

  public String getRoleDefinitionId() {
    return roleDefinitionId;
  }

  public void setRoleDefinitionId(String roleDefinitionId) {
    this.roleDefinitionId = roleDefinitionId;
  }

  public String getPrincipalId() {
    return principalId;
  }

  public void setPrincipalId(String principalId) {
    this.principalId = principalId;
  }

  public String getAction() {
    return action;
  }

  public void setAction(String action) {
    this.action = action;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SweepFinding f
        && Objects.equals(id, f.id)
        && Objects.equals(scope, f.scope)
        && Objects.equals(roleDefinitionId, f.roleDefinitionId)
        && Objects.equals(principalId, f.principalId)
        && Objects.equals(action, f.action)
        && Objects.equals(message, f.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, scope, roleDefinitionId, principalId, action, message);
  }
}
