package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the identity stands in the directory: one entry per declared group and app role (and per
 * undeclared one found), and what the operator itself added, so that it removes exactly that.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DirectoryStatus {

  /** Where a directory entry stands. */
  public enum State {
    /** In place. */
    Ready,
    /** Waiting for something that passes (directory replication, throttling, an outage). */
    Pending,
    /** Not in place, and not written: the resource is in Observe or Plan mode (status.plan). */
    Planned,
    /** Not attempted: it would break a rule (a role-assignable group not allowed). */
    Refused,
    /** The group, resource application or app role does not exist, or has another name. */
    Missing,
    /** Microsoft Graph refused the change; see message. */
    Failed,
    /** Held by the identity without being declared or made by the operator: reported only. */
    Undeclared
  }

  /** One group or app role and how it stands. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Entry {
    @JsonPropertyDescription("Group: the group's object ID.")
    @Size(max = 36)
    private String groupId;

    @JsonPropertyDescription("App role: the resource, as declared.")
    @Size(max = 256)
    private String resource;

    @JsonPropertyDescription("App role: the role, as declared.")
    @Size(max = 256)
    private String appRole;

    @JsonPropertyDescription("Ready, Pending, Refused, Missing, Failed or Undeclared.")
    private State state;

    @JsonPropertyDescription("What is wrong, or worth knowing.")
    @Size(max = AzureNameRules.MAX_MESSAGE_LENGTH)
    private String message;

    public static Entry group(String groupId, State state, String message) {
      Entry entry = new Entry();
      entry.groupId = groupId;
      entry.state = state;
      entry.message = StatusText.fit(message);
      return entry;
    }

    public static Entry appRole(String resource, String appRole, State state, String message) {
      Entry entry = new Entry();
      entry.resource = resource;
      entry.appRole = appRole;
      entry.state = state;
      entry.message = StatusText.fit(message);
      return entry;
    }

    public String getGroupId() {
      return groupId;
    }

    public void setGroupId(String groupId) {
      this.groupId = groupId;
    }

    public String getResource() {
      return resource;
    }

    public void setResource(String resource) {
      this.resource = resource;
    }

    public String getAppRole() {
      return appRole;
    }

    public void setAppRole(String appRole) {
      this.appRole = appRole;
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
      this.message = message;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry other
          && Objects.equals(groupId, other.groupId)
          && Objects.equals(resource, other.resource)
          && Objects.equals(appRole, other.appRole)
          && state == other.state
          && Objects.equals(message, other.message);
    }

    @Override
    public int hashCode() {
      return Objects.hash(groupId, resource, appRole, state, message);
    }
  }

  /** An app role assignment the operator made. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Assignment {
    @JsonPropertyDescription("The resource application's service principal (object ID).")
    @Size(max = 36)
    private String resourceId;

    @JsonPropertyDescription("The app role's ID.")
    @Size(max = 36)
    private String appRoleId;

    @JsonPropertyDescription("The app role assignment's ID in Microsoft Graph.")
    @Size(max = 128)
    private String id;

    public Assignment() {}

    public Assignment(String resourceId, String appRoleId, String id) {
      this.resourceId = resourceId;
      this.appRoleId = appRoleId;
      this.id = id;
    }

    public String getResourceId() {
      return resourceId;
    }

    public void setResourceId(String resourceId) {
      this.resourceId = resourceId;
    }

    public String getAppRoleId() {
      return appRoleId;
    }

    public void setAppRoleId(String appRoleId) {
      this.appRoleId = appRoleId;
    }

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Assignment other
          && Objects.equals(resourceId, other.resourceId)
          && Objects.equals(appRoleId, other.appRoleId)
          && Objects.equals(id, other.id);
    }

    @Override
    public int hashCode() {
      return Objects.hash(resourceId, appRoleId, id);
    }
  }

  @JsonPropertyDescription("One entry per declared group, then per undeclared membership found.")
  @Size(max = 2 * DirectorySpec.MAX_ENTRIES)
  private List<Entry> groups = new ArrayList<>();

  @JsonPropertyDescription("One entry per declared app role, then per undeclared one found.")
  @Size(max = 2 * DirectorySpec.MAX_ENTRIES)
  private List<Entry> appRoles = new ArrayList<>();

  @JsonPropertyDescription(
      "Groups the operator added the identity to: removed when they leave the spec, and before"
          + " the identity is deleted.")
  @Size(max = 2 * DirectorySpec.MAX_ENTRIES)
  @dev.operators.identity.api.ItemMaxLength(36)
  private List<String> addedToGroups = new ArrayList<>();

  @JsonPropertyDescription(
      "App role assignments the operator made: removed when they leave the spec, and before the"
          + " identity is deleted.")
  @Size(max = 2 * DirectorySpec.MAX_ENTRIES)
  private List<Assignment> assignedAppRoles = new ArrayList<>();

  public List<Entry> getGroups() {
    return groups;
  }

  public void setGroups(List<Entry> groups) {
    this.groups = groups == null ? new ArrayList<>() : new ArrayList<>(groups);
  }

  public List<Entry> getAppRoles() {
    return appRoles;
  }

  public void setAppRoles(List<Entry> appRoles) {
    this.appRoles = appRoles == null ? new ArrayList<>() : new ArrayList<>(appRoles);
  }

  public List<String> getAddedToGroups() {
    return addedToGroups;
  }

  public void setAddedToGroups(List<String> addedToGroups) {
    this.addedToGroups = addedToGroups == null ? new ArrayList<>() : new ArrayList<>(addedToGroups);
  }

  public List<Assignment> getAssignedAppRoles() {
    return assignedAppRoles;
  }

  public void setAssignedAppRoles(List<Assignment> assignedAppRoles) {
    this.assignedAppRoles =
        assignedAppRoles == null ? new ArrayList<>() : new ArrayList<>(assignedAppRoles);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DirectoryStatus other
        && Objects.equals(groups, other.groups)
        && Objects.equals(appRoles, other.appRoles)
        && Objects.equals(addedToGroups, other.addedToGroups)
        && Objects.equals(assignedAppRoles, other.assignedAppRoles);
  }

  @Override
  public int hashCode() {
    return Objects.hash(groups, appRoles, addedToGroups, assignedAppRoles);
  }
}
