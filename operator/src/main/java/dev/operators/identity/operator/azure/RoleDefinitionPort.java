package dev.operators.identity.operator.azure;

import java.util.Optional;
import java.util.regex.Pattern;

/** Azure role definitions, resolved at the scope where they will be assigned. */
public interface RoleDefinitionPort {

  /** A role definition GUID. */
  Pattern GUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  /** A built-in or custom role by its name, as visible at the scope; empty when none is. */
  Optional<RoleDefinition> findByName(String scope, String roleName);

  /** A role by GUID or full role definition ID; empty when it does not exist. */
  Optional<RoleDefinition> findById(String scope, String guidOrId);

  /** A role as a spec writes it: a full role definition ID, a GUID, or a name. */
  default Optional<RoleDefinition> resolve(String scope, String role) {
    return role.startsWith("/") || GUID.matcher(role).matches()
        ? findById(scope, role)
        : findByName(scope, role);
  }
}
