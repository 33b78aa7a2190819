package dev.operators.identity.emulator.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Whether a role definition's permissions grant a control-plane action, the way Azure RBAC reads
 * them: some permission block lists an action pattern that matches and no {@code notActions}
 * pattern of that block matches; {@code *} in a pattern stands for any characters (slashes
 * included), and names compare case-insensitively.
 */
final class RolePermissions {
  static final String ASSIGNMENT_WRITE = "Microsoft.Authorization/roleAssignments/write";
  static final String ASSIGNMENT_DELETE = "Microsoft.Authorization/roleAssignments/delete";

  private RolePermissions() {}

  /** {@code definitionProperties}: a role definition's {@code properties} as ARM returns them. */
  static boolean grants(JsonNode definitionProperties, String action) {
    for (JsonNode block : definitionProperties.path("permissions")) {
      if (anyMatches(block.path("actions"), action)
          && !anyMatches(block.path("notActions"), action)) {
        return true;
      }
    }
    return false;
  }

  /** A role that may write or delete role assignments: the roles a delegation condition is on. */
  static boolean managesRoleAssignments(JsonNode definitionProperties) {
    return grants(definitionProperties, ASSIGNMENT_WRITE)
        || grants(definitionProperties, ASSIGNMENT_DELETE);
  }

  private static boolean anyMatches(JsonNode patterns, String action) {
    for (JsonNode pattern : patterns) {
      if (matches(pattern.asText(), action)) {
        return true;
      }
    }
    return false;
  }

  /** Wildcard match of a whole action name; {@code *} matches any run of characters. */
  static boolean matches(String pattern, String action) {
    String p = pattern.toLowerCase(Locale.ROOT);
    String a = action.toLowerCase(Locale.ROOT);
    int pi = 0;
    int ai = 0;
    int starAt = -1;
    int matchedFrom = 0;
    while (ai < a.length()) {
      if (pi < p.length() && p.charAt(pi) == '*') {
        starAt = pi++;
        matchedFrom = ai;
      } else if (pi < p.length() && p.charAt(pi) == a.charAt(ai)) {
        pi++;
        ai++;
      } else if (starAt >= 0) {
        pi = starAt + 1;
        ai = ++matchedFrom;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }
}
