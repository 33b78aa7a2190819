package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.operators.identity.api.ListMapKeys;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The directory side of the identity (Microsoft Entra ID, through Microsoft Graph): the groups its
 * service principal is a member of and the app roles granted to it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DirectorySpec {

  /** Groups and app roles an identity may declare (Entra's own limits are higher). */
  public static final int MAX_ENTRIES = 100;

  @JsonPropertyDescription(
      "Groups the identity's service principal is a member of. Removing an entry removes the"
          + " membership if the operator added it. Role-assignable groups are refused unless the"
          + " operator allows them (OPERATOR_DIRECTORY_ROLE_ASSIGNABLE_GROUPS=Allow).")
  @Size(max = MAX_ENTRIES)
  @ListMapKeys({"id"})
  private List<Group> groups;

  @JsonPropertyDescription(
      "App roles (application permissions) granted to the identity's service principal, such as"
          + " Microsoft Graph's User.Read.All. Removing an entry removes the assignment if the"
          + " operator made it.")
  @Size(max = MAX_ENTRIES)
  @ListMapKeys({"resource", "appRole"})
  private List<AppRole> appRoles;

  @JsonPropertyDescription(
      "false (default): memberships and app role assignments of the identity that are not"
          + " declared here and that the operator did not make are reported, not removed. true:"
          + " they are removed.")
  @Default("false")
  private Boolean authoritative;

  /** A group, by object ID. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Group {
    @JsonPropertyDescription("Object ID of the group (a GUID).")
    @Required
    @Size(max = 36)
    @Pattern(AzureNameRules.SUBSCRIPTION_ID)
    private String id;

    @JsonPropertyDescription(
        "The group's display name as a check: the entry fails if the group has another name.")
    @Size(max = 256)
    private String displayName;

    public Group() {}

    public Group(String id, String displayName) {
      this.id = id;
      this.displayName = displayName;
    }

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public String getDisplayName() {
      return displayName;
    }

    public void setDisplayName(String displayName) {
      this.displayName = displayName;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Group other
          && Objects.equals(id, other.id)
          && Objects.equals(displayName, other.displayName);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, displayName);
    }
  }

  /** An app role of a resource application. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AppRole {
    @JsonPropertyDescription(
        "The resource application: its appId (a GUID), or a well-known name (Microsoft Graph).")
    @Required
    @Size(min = 1, max = 256)
    private String resource;

    @JsonPropertyDescription("The app role: its value (User.Read.All) or its ID (a GUID).")
    @Required
    @Size(min = 1, max = 256)
    private String appRole;

    public AppRole() {}

    public AppRole(String resource, String appRole) {
      this.resource = resource;
      this.appRole = appRole;
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

    @Override
    public boolean equals(Object o) {
      return o instanceof AppRole other
          && Objects.equals(resource, other.resource)
          && Objects.equals(appRole, other.appRole);
    }

    @Override
    public int hashCode() {
      return Objects.hash(resource, appRole);
    }
  }

  public List<Group> getGroups() {
    return groups;
  }

  public void setGroups(List<Group> groups) {
    this.groups = groups == null ? null : new ArrayList<>(groups);
  }

  public List<AppRole> getAppRoles() {
    return appRoles;
  }

  public void setAppRoles(List<AppRole> appRoles) {
    this.appRoles = appRoles == null ? null : new ArrayList<>(appRoles);
  }

  public Boolean getAuthoritative() {
    return authoritative;
  }

  public void setAuthoritative(Boolean authoritative) {
    this.authoritative = authoritative;
  }

  /** The declared groups, never null, without null entries. */
  public List<Group> declaredGroups() {
    return groups == null ? List.of() : groups.stream().filter(Objects::nonNull).toList();
  }

  /** The declared app roles, never null, without null entries. */
  public List<AppRole> declaredAppRoles() {
    return appRoles == null ? List.of() : appRoles.stream().filter(Objects::nonNull).toList();
  }

  /** Whether undeclared memberships and app roles are removed. */
  public boolean removesUndeclared() {
    return Boolean.TRUE.equals(authoritative);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DirectorySpec other
        && Objects.equals(groups, other.groups)
        && Objects.equals(appRoles, other.appRoles)
        && Objects.equals(authoritative, other.authoritative);
  }

  @Override
  public int hashCode() {
    return Objects.hash(groups, appRoles, authoritative);
  }
}
