package dev.operators.identity.operator.azure;

import java.util.Locale;

/** An Azure role definition: its full ID (as Azure gives it at a scope), GUID and name. */
public record RoleDefinition(String id, String roleName) {

  /** The role definition's GUID: the last segment of its ID, lower case. */
  public String guid() {
    return lastSegment(id);
  }

  static String lastSegment(String id) {
    return id.substring(id.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
  }
}
