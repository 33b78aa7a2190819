package dev.operators.identity.operator.azure.view;

import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.RoleAssignment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cached forms kept small: values shared by many objects (regions, tenant, types, scopes, role
 * definition IDs, principals, tag names and values, identity IDs in assignees' identity blocks) are
 * interned, so 10,000 identities and 50,000 role assignments share one copy of each; a role
 * assignment keeps no ID of its own when it is its scope plus its name, as ARM's always are.
 */
final class Compact {

  private static final String ASSIGNMENTS = "/providers/Microsoft.Authorization/roleAssignments/";

  private Compact() {}

  static AzureIdentity identity(AzureIdentity i) {
    Map<String, String> tags = new LinkedHashMap<>();
    i.tags().forEach((k, v) -> tags.put(shared(k), shared(v)));
    return new AzureIdentity(
        i.resourceId(),
        i.name(),
        shared(i.location()),
        i.isolationScope(),
        tags,
        shared(i.principalId()),
        i.clientId(),
        shared(i.tenantId()));
  }

  static AssigneeResource assignee(AssigneeResource r) {
    return new AssigneeResource(
        r.id(),
        shared(r.type()),
        shared(r.location()),
        shared(r.identityType()),
        r.userAssignedIdentityIds().stream().map(Compact::shared).toList());
  }

  /** A role assignment as cached: its ID derived again from scope and name when it can be. */
  record Assignment(
      String ownId,
      String name,
      String scope,
      String roleDefinitionId,
      String principalId,
      String description,
      String condition,
      String conditionVersion) {

    static Assignment of(RoleAssignment a) {
      String derived = derivedId(a.scope(), a.name());
      return new Assignment(
          a.id() != null && a.id().equals(derived) ? null : a.id(),
          a.name(),
          shared(a.scope()),
          shared(a.roleDefinitionId()),
          shared(a.principalId()),
          a.description(),
          shared(a.condition()),
          shared(a.conditionVersion()));
    }

    String id() {
      return ownId != null ? ownId : derivedId(scope, name);
    }

    RoleAssignment toAssignment() {
      return new RoleAssignment(
          id(),
          name,
          scope,
          roleDefinitionId,
          principalId,
          description,
          condition,
          conditionVersion);
    }

    boolean of(String principal) {
      return principalId != null && principalId.equalsIgnoreCase(principal);
    }

    private static String derivedId(String scope, String name) {
      if (scope == null || name == null) {
        return null;
      }
      return (scope.endsWith("/") ? scope.substring(0, scope.length() - 1) : scope)
          + ASSIGNMENTS
          + name;
    }
  }

  static List<Assignment> assignments(List<RoleAssignment> listed) {
    return listed.stream().map(Assignment::of).toList();
  }

  private static String shared(String value) {
    return value == null ? null : value.intern();
  }
}
