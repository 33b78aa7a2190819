package dev.operators.identity.operator.azure;

import java.util.Locale;

/** ARM IDs and scopes compared as paths: whole segments, any letter case. */
public final class ArmPrefixes {
  private ArmPrefixes() {}

  /** Whether {@code id} is {@code prefix} or below it. */
  public static boolean covers(String prefix, String id) {
    String p = normalized(prefix);
    String s = normalized(id);
    return p.isEmpty() || s.equals(p) || s.startsWith(p + "/");
  }

  /** The tenant root, a management group or a whole subscription. */
  public static boolean isBroad(String scope) {
    return ArmId.tryParse(scope, ArmId.Shape.AZURE_SCOPE)
        .map(id -> id.isBroad() || id.kind() == ArmId.Kind.TENANT_ROOT)
        .orElse(normalized(scope).isEmpty());
  }

  private static String normalized(String path) {
    String lower = path == null ? "" : path.trim().toLowerCase(Locale.ROOT);
    while (lower.endsWith("/")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    return lower;
  }
}
