package dev.operators.identity.operator.azure;

import java.util.List;
import java.util.Optional;

/**
 * The directory side of an identity, in Microsoft Graph: its service principal's group memberships
 * and app role assignments. Every write is idempotent: adding a membership that exists (Graph's 400
 * "already exist") succeeds, and so does removing one, or an app role assignment, that is gone.
 * Failures are {@link AzureRequestException}s with Graph's status and error code.
 */
public interface DirectoryPort {

  /** A group: its object ID, display name and whether Entra roles can be assigned to it. */
  record Group(String id, String displayName, boolean roleAssignable) {}

  /** An app role a resource application declares: its ID and value ({@code User.Read.All}). */
  record AppRole(String id, String value) {}

  /** A resource application's service principal with the app roles it declares. */
  record ResourceApp(
      String servicePrincipalId, String appId, String displayName, List<AppRole> appRoles) {

    /** The role by value (case-sensitive, as Entra compares them) or by ID (any case). */
    public Optional<AppRole> role(String valueOrId) {
      return appRoles.stream()
          .filter(r -> r.value().equals(valueOrId) || r.id().equalsIgnoreCase(valueOrId))
          .findFirst();
    }
  }

  /** An app role assignment of a principal: its ID, the resource's service principal and role. */
  record AppRoleGrant(String id, String resourceId, String appRoleId) {}

  /** What the directory holds for a principal: its direct groups and its app role assignments. */
  record Principal(String id, List<Group> groups, List<AppRoleGrant> appRoles) {}

  /**
   * The principal's groups and app role assignments (every page); empty when Graph does not know
   * the principal (just created and not replicated yet, or deleted).
   */
  Optional<Principal> principal(String principalId);

  /** The group, or empty when it does not exist. */
  Optional<Group> group(String groupId);

  /**
   * The resource application by appId or, when {@code resource} is no GUID, by display name (such
   * as "Microsoft Graph"); empty when the tenant has none (or more than one of that name).
   */
  Optional<ResourceApp> resourceApp(String resource);

  void addMember(String groupId, String principalId);

  void removeMember(String groupId, String principalId);

  /** Grants the role; an assignment that exists already is returned as it is. */
  AppRoleGrant assignAppRole(String principalId, String resourceId, String appRoleId);

  void removeAppRole(String resourceId, String assignmentId);
}
