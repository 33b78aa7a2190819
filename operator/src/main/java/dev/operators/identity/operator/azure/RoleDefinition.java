package dev.operators.identity.operator.azure;

import java.util.List;
import java.util.Locale;

/**
 * An Azure role definition: its full ID (as Azure gives it at a scope), GUID, name, and the actions
 * of its permissions (wildcards as Azure writes them: {@code *}, {@code
 * Microsoft.Authorization/*}).
 */
public record RoleDefinition(String id, String roleName, List<String> actions) {

  public RoleDefinition {
    actions = actions == null ? List.of() : List.copyOf(actions);
  }

  /** A role whose actions are not known (none are). */
  public RoleDefinition(String id, String roleName) {
    this(id, roleName, List.of());
  }

  /** The role definition's GUID: the last segment of its ID, lower case. */
  public String guid() {
    return lastSegment(id);
  }

  static String lastSegment(String id) {
    return id.substring(id.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
  }
}
