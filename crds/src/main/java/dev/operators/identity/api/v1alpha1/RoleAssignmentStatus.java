package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** How one declared role assignment stands in Azure. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RoleAssignmentStatus {

  /** Where a declared assignment stands. */
  public enum State {
    /** The assignment exists in Azure. */
    Ready,
    /** Waiting for something that passes (directory replication, throttling). */
    Pending,
    /** Not in place, and not written: the resource is in Observe or Plan mode (status.plan). */
    Planned,
    /** Azure refused it, or the role could not be resolved; see message. */
    Failed
  }

  @JsonPropertyDescription("The role as declared.")
  @Size(max = AzureNameRules.MAX_ROLE_LENGTH)
  private String role;

  @JsonPropertyDescription("The scope as declared.")
  @Size(max = AzureNameRules.MAX_ID_LENGTH)
  private String scope;

  @JsonPropertyDescription("The role definition the role resolved to.")
  @Size(max = AzureNameRules.MAX_ID_LENGTH)
  private String roleDefinitionId;

  @JsonPropertyDescription("Name (a GUID) of the role assignment in Azure.")
  @Size(max = 36)
  private String name;

  @JsonPropertyDescription("ARM resource ID of the role assignment.")
  @Size(max = AzureNameRules.MAX_ID_LENGTH)
  private String id;

  @JsonPropertyDescription("Ready, Pending, Failed, or Planned (Observe or Plan mode).")
  private State state;

  @JsonPropertyDescription("Why the assignment is not Ready, with Azure's error code and message.")
  @Size(max = AzureNameRules.MAX_MESSAGE_LENGTH)
  private String message;

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

  public String getRoleDefinitionId() {
    return roleDefinitionId;
  }

  public void setRoleDefinitionId(String roleDefinitionId) {
    this.roleDefinitionId = roleDefinitionId;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public State getState() {
    return state;
  }

  public void setState(State state) {
    this.state = state;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = StatusText.fit(message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoleAssignmentStatus other
        && Objects.equals(role, other.role)
        && Objects.equals(scope, other.scope)
        && Objects.equals(roleDefinitionId, other.roleDefinitionId)
        && Objects.equals(name, other.name)
        && Objects.equals(id, other.id)
        && state == other.state
        && Objects.equals(message, other.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(role, scope, roleDefinitionId, name, id, state, message);
  }
}
