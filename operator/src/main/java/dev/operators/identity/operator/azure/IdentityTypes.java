package dev.operators.identity.operator.azure;

import java.util.Locale;
import java.util.Set;

/**
 * The {@code identity.type} of a resource after adding or removing a user-assigned identity: None,
 * SystemAssigned, UserAssigned, or both, keeping the system-assigned identity as it is, in the
 * provider's own spelling of "both".
 */
public final class IdentityTypes {

  public static final String NONE = "None";
  public static final String SYSTEM = "SystemAssigned";
  public static final String USER = "UserAssigned";

  /** The spelling of older providers (Compute, Web and most others). */
  public static final String BOTH = "SystemAssigned, UserAssigned";

  /** The spelling of providers on ARM's common-types managed identity (v3 and later). */
  public static final String BOTH_COMMON_TYPES = "SystemAssigned,UserAssigned";

  /**
   * Providers whose published API uses the common-types spelling (checked in the REST API specs:
   * Microsoft.App's ManagedServiceIdentityType).
   */
  private static final Set<String> COMMON_TYPES_PROVIDERS = Set.of("microsoft.app");

  private IdentityTypes() {}

  /** The type once a resource of {@code resourceType} carries a user-assigned identity. */
  public static String withUserAssigned(String current, String resourceType) {
    if (!hasSystem(current)) {
      return USER;
    }
    return isBoth(current) ? current : both(resourceType);
  }

  /** The type once the resource carries {@code remainingUserAssigned} user identities. */
  public static String afterRemoval(
      String current, int remainingUserAssigned, String resourceType) {
    if (remainingUserAssigned > 0) {
      return withUserAssigned(current, resourceType);
    }
    return hasSystem(current) ? SYSTEM : NONE;
  }

  /** "Both", as the provider of {@code resourceType} spells it. */
  static String both(String resourceType) {
    String namespace =
        resourceType.substring(
            0, resourceType.indexOf('/') < 0 ? resourceType.length() : resourceType.indexOf('/'));
    return COMMON_TYPES_PROVIDERS.contains(namespace.toLowerCase(Locale.ROOT))
        ? BOTH_COMMON_TYPES
        : BOTH;
  }

  private static boolean hasSystem(String type) {
    return type != null && type.toLowerCase(Locale.ROOT).contains("systemassigned");
  }

  private static boolean isBoth(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    return t.contains("systemassigned") && t.contains("userassigned");
  }
}
