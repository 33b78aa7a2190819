package dev.operators.identity.operator.policy;

import dev.operators.identity.operator.azure.RoleDefinition;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Roles that can grant access to others: Owner, User Access Administrator, Role Based Access
 * Control Administrator, and any role with an action that covers {@code
 * Microsoft.Authorization/roleAssignments/write} ({@code *}, {@code Microsoft.Authorization/*},
 * {@code Microsoft.Authorization/*}{@code /write}). Actions are read as written, notActions aside,
 * so Contributor ({@code *}) counts, as it does in Azure's own list of privileged administrator
 * roles.
 */
public final class PrivilegedRoles {

  static final Map<String, String> BUILT_IN =
      Map.of(
          "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner",
          "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator",
          "f58310d9-a9f6-439a-9e8d-f62e7b41a168", "Role Based Access Control Administrator");

  private static final String GRANT = "microsoft.authorization/roleassignments/write";

  private PrivilegedRoles() {}

  /** Whether the role definition GUID is one of the built-in roles that grant access to others. */
  public static boolean isBuiltIn(String roleGuid) {
    return BUILT_IN.containsKey(roleGuid.toLowerCase(Locale.ROOT));
  }

  /** Why the role is privileged, if it is. */
  static Optional<String> why(RoleDefinition role) {
    if (isBuiltIn(role.guid())) {
      return Optional.of("it can grant access to others");
    }
    for (String action : role.actions()) {
      if (covers(action, GRANT)) {
        return Optional.of(
            "its action " + quoted(action) + " includes Microsoft.Authorization writes");
      }
    }
    return Optional.empty();
  }

  /** Whether a role written as a GUID or ID (not looked up) is a privileged built-in. */
  static boolean isBuiltInGuid(String roleAsWritten) {
    String last = roleAsWritten.substring(roleAsWritten.lastIndexOf('/') + 1);
    return isBuiltIn(last);
  }

  /** Azure's action wildcards: {@code *} stands for any run of characters, case-insensitive. */
  static boolean covers(String pattern, String action) {
    String regex =
        Arrays.stream(pattern.split("\\*", -1))
            .map(Pattern::quote)
            .collect(Collectors.joining(".*"));
    return Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(action).matches();
  }

  private static String quoted(String text) {
    return "\"" + text + "\"";
  }
}
