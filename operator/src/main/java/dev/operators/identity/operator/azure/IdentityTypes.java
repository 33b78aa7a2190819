package dev.operators.identity.operator.azure;

import java.util.Locale;

/**
 * The {@code identity.type} of a resource after adding or removing a user-assigned identity: None,
 * SystemAssigned, UserAssigned, or both, keeping the system-assigned identity as it is and the
 * provider's own spelling of "SystemAssigned, UserAssigned".
 */
public final class IdentityTypes {

  public static final String NONE = "None";
  public static final String SYSTEM = "SystemAssigned";
  public static final String USER = "UserAssigned";
  public static final String BOTH = "SystemAssigned, UserAssigned";

  private IdentityTypes() {}

  /** The type once the resource carries at least one user-assigned identity. */
  public static String withUserAssigned(String current) {
    if (!hasSystem(current)) {
      return USER;
    }
    return isBoth(current) ? current : BOTH;
  }

  /** The type once the resource carries {@code remainingUserAssigned} user identities. */
  public static String afterRemoval(String current, int remainingUserAssigned) {
    if (remainingUserAssigned > 0) {
      return withUserAssigned(current);
    }
    return hasSystem(current) ? SYSTEM : NONE;
  }

  private static boolean hasSystem(String type) {
    return type != null && type.toLowerCase(Locale.ROOT).contains("systemassigned");
  }

  private static boolean isBoth(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    return t.contains("systemassigned") && t.contains("userassigned");
  }
}
