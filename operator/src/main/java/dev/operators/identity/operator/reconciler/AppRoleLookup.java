package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.DirectorySpec;
import dev.operators.identity.operator.azure.DirectoryPort;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds a declared app role in the tenant: its resource application (by appId, or a well-known
 * name), that application's service principal, and the role by value or ID.
 */
final class AppRoleLookup {

  /** Resource applications by the names people use for them (appIds are the same everywhere). */
  static final Map<String, String> WELL_KNOWN_RESOURCES =
      Map.of("microsoft graph", "00000003-0000-0000-c000-000000000000");

  private static final Pattern GUID =
      Pattern.compile("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");

  private AppRoleLookup() {}

  /** {@code apps}: the resource applications looked up so far in this pass, by lower-case appId. */
  static DirectoryPlan.Resolution resolve(
      DirectoryPort directory,
      DirectorySpec.AppRole role,
      Map<String, Optional<DirectoryPort.ResourceApp>> apps) {
    if (role.getResource() == null
        || role.getResource().isBlank()
        || role.getAppRole() == null
        || role.getAppRole().isBlank()) {
      return DirectoryPlan.Resolution.missing("resource and appRole are both required");
    }
    String resource = role.getResource().trim();
    String appId =
        GUID.matcher(resource).matches()
            ? resource
            : WELL_KNOWN_RESOURCES.get(resource.toLowerCase(Locale.ROOT));
    if (appId == null) {
      return DirectoryPlan.Resolution.missing(
          "unknown resource '"
              + resource
              + "': use the resource application's appId (or one of "
              + WELL_KNOWN_RESOURCES.keySet()
              + ")");
    }
    Optional<DirectoryPort.ResourceApp> app =
        apps.computeIfAbsent(appId.toLowerCase(Locale.ROOT), k -> directory.resourceApp(appId));
    if (app.isEmpty()) {
      return DirectoryPlan.Resolution.missing(
          "no service principal of application " + appId + " in the tenant");
    }
    return app.get()
        .role(role.getAppRole().trim())
        .map(r -> DirectoryPlan.Resolution.found(app.get().servicePrincipalId(), r.id()))
        .orElseGet(
            () ->
                DirectoryPlan.Resolution.missing(
                    "'"
                        + app.get().displayName()
                        + "' declares no app role '"
                        + role.getAppRole()
                        + "'"));
  }
}
