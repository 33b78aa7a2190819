package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.DirectorySpec;
import dev.operators.identity.api.v1alpha1.DirectoryStatus;
import dev.operators.identity.operator.azure.DirectoryPort.AppRoleGrant;
import dev.operators.identity.operator.azure.DirectoryPort.Group;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the directory step does for one identity (pure): for each declared group and app role,
 * whether it is in place, to be added, or cannot be (missing, refused); which memberships and app
 * role assignments to remove (those the operator made that left the spec; undeclared ones only when
 * the spec is authoritative); and which undeclared ones to report.
 */
final class DirectoryPlan {

  /** What becomes of a declared entry. */
  enum Decision {
    /** In place already. */
    READY,
    /** To be added (a membership) or granted (an app role). */
    ADD,
    /** The group, resource or role does not exist, or the group has another name. */
    MISSING,
    /** Not attempted: a role-assignable group while the operator does not allow them. */
    REFUSED
  }

  /** A declared group and its decision. */
  record GroupStep(String groupId, Decision decision, String message) {}

  /**
   * A declared app role, resolved (resource's service principal and role ID) unless missing, and
   * its decision.
   */
  record AppRoleStep(
      DirectorySpec.AppRole declared,
      String resourceId,
      String appRoleId,
      Decision decision,
      String message) {}

  /** A membership to remove: the group, and why. */
  record Removal(String groupId, String why) {}

  /** An app role assignment to remove: where, which, and why. */
  record Revocation(String resourceId, String appRoleId, String assignmentId, String why) {}

  /**
   * A declared app role as looked up: the resource's service principal and the role's ID, or why it
   * cannot be found.
   */
  record Resolution(String resourceId, String appRoleId, String problem) {
    static Resolution found(String resourceId, String appRoleId) {
      return new Resolution(resourceId, appRoleId, null);
    }

    static Resolution missing(String problem) {
      return new Resolution(null, null, problem);
    }
  }

  /**
   * What was observed: the principal's groups and app role assignments, the declared groups as
   * looked up (empty: no such group) and the declared app roles as resolved, what the operator made
   * before (status), and the settings that decide.
   */
  record Observed(
      List<Group> memberOf,
      List<AppRoleGrant> grants,
      Map<String, Optional<Group>> declaredGroups,
      Map<DirectorySpec.AppRole, Resolution> declaredAppRoles,
      List<String> addedToGroups,
      List<DirectoryStatus.Assignment> assignedAppRoles,
      boolean authoritative,
      boolean allowRoleAssignable) {}

  record Plan(
      List<GroupStep> groups,
      List<AppRoleStep> appRoles,
      List<Removal> removals,
      List<Revocation> revocations,
      List<DirectoryStatus.Entry> undeclared) {}

  private DirectoryPlan() {}

  static Plan of(DirectorySpec spec, Observed seen) {
    Set<String> members = lower(seen.memberOf().stream().map(Group::id).toList());
    Set<String> added = lower(seen.addedToGroups());
    Map<String, Group> memberGroups = new LinkedHashMap<>();
    seen.memberOf().forEach(g -> memberGroups.put(g.id().toLowerCase(Locale.ROOT), g));

    List<GroupStep> groups = new ArrayList<>();
    Set<String> declaredIds =
        lower(
            spec.declaredGroups().stream()
                .map(DirectorySpec.Group::getId)
                .filter(java.util.Objects::nonNull)
                .toList());
    for (DirectorySpec.Group declared : spec.declaredGroups()) {
      if (declared.getId() != null) {
        groups.add(groupStep(declared, seen, members));
      }
    }
    List<Removal> removals = new ArrayList<>();
    List<DirectoryStatus.Entry> undeclared = new ArrayList<>();
    for (Group member : memberGroups.values()) {
      String id = member.id().toLowerCase(Locale.ROOT);
      if (declaredIds.contains(id)) {
        continue;
      }
      boolean mayChange = !member.roleAssignable() || seen.allowRoleAssignable();
      if (added.contains(id) && mayChange) {
        removals.add(new Removal(member.id(), "no longer declared in spec.directory.groups"));
      } else if (seen.authoritative() && mayChange) {
        removals.add(new Removal(member.id(), "not declared (spec.directory.authoritative)"));
      } else {
        undeclared.add(
            DirectoryStatus.Entry.group(
                member.id(),
                DirectoryStatus.State.Undeclared,
                "member of group '"
                    + member.displayName()
                    + "' without declaring it; "
                    + (mayChange
                        ? "spec.directory.authoritative: true removes it"
                        : "role-assignable groups are not changed by this operator")));
      }
    }

    List<AppRoleStep> appRoles = new ArrayList<>();
    Set<String> declaredKeys = new java.util.HashSet<>();
    for (DirectorySpec.AppRole declared : spec.declaredAppRoles()) {
      Resolution r = seen.declaredAppRoles().get(declared);
      if (r == null || r.problem() != null) {
        appRoles.add(
            new AppRoleStep(
                declared, null, null, Decision.MISSING, r == null ? "not looked up" : r.problem()));
        continue;
      }
      declaredKeys.add(key(r.resourceId(), r.appRoleId()));
      boolean held =
          seen.grants().stream().anyMatch(g -> key(g).equals(key(r.resourceId(), r.appRoleId())));
      appRoles.add(
          new AppRoleStep(
              declared,
              r.resourceId(),
              r.appRoleId(),
              held ? Decision.READY : Decision.ADD,
              held ? "granted" : "to be granted"));
    }
    Set<String> madeIds =
        lower(seen.assignedAppRoles().stream().map(DirectoryStatus.Assignment::getId).toList());
    List<Revocation> revocations = new ArrayList<>();
    for (AppRoleGrant grant : seen.grants()) {
      if (declaredKeys.contains(key(grant))) {
        continue;
      }
      boolean made = madeIds.contains(grant.id().toLowerCase(Locale.ROOT));
      if (made || seen.authoritative()) {
        revocations.add(
            new Revocation(
                grant.resourceId(),
                grant.appRoleId(),
                grant.id(),
                made
                    ? "no longer declared in spec.directory.appRoles"
                    : "not declared (spec.directory.authoritative)"));
      } else {
        undeclared.add(
            DirectoryStatus.Entry.appRole(
                grant.resourceId(),
                grant.appRoleId(),
                DirectoryStatus.State.Undeclared,
                "app role granted without declaring it; spec.directory.authoritative: true"
                    + " removes it"));
      }
    }
    return new Plan(groups, appRoles, removals, revocations, undeclared);
  }

  private static GroupStep groupStep(
      DirectorySpec.Group declared, Observed seen, Set<String> members) {
    String id = declared.getId();
    Optional<Group> found = seen.declaredGroups().getOrDefault(id, Optional.empty());
    if (found.isEmpty()) {
      return new GroupStep(id, Decision.MISSING, "group " + id + " does not exist");
    }
    Group group = found.get();
    if (declared.getDisplayName() != null
        && !declared.getDisplayName().equals(group.displayName())) {
      return new GroupStep(
          id,
          Decision.MISSING,
          "group "
              + id
              + " is named '"
              + group.displayName()
              + "', not '"
              + declared.getDisplayName()
              + "' as declared: nothing changed");
    }
    boolean member = members.contains(id.toLowerCase(Locale.ROOT));
    if (group.roleAssignable() && !seen.allowRoleAssignable()) {
      return new GroupStep(
          id,
          Decision.REFUSED,
          "group '"
              + group.displayName()
              + "' is role-assignable (its members can hold Entra roles): refused unless the"
              + " operator allows it (OPERATOR_DIRECTORY_ROLE_ASSIGNABLE_GROUPS=Allow, with"
              + " RoleManagement.ReadWrite.Directory)"
              + (member ? "; the identity is a member already" : ""));
    }
    return member
        ? new GroupStep(id, Decision.READY, "member of '" + group.displayName() + "'")
        : new GroupStep(id, Decision.ADD, "to be added to '" + group.displayName() + "'");
  }

  private static String key(AppRoleGrant grant) {
    return key(grant.resourceId(), grant.appRoleId());
  }

  private static String key(String resourceId, String appRoleId) {
    return (resourceId + "/" + appRoleId).toLowerCase(Locale.ROOT);
  }

  private static Set<String> lower(List<String> ids) {
    return ids.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }
}
