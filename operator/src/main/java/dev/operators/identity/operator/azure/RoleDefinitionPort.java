package dev.operators.identity.operator.azure;

import java.util.Optional;

/** Azure role definitions, resolved at the scope where they will be assigned. */
public interface RoleDefinitionPort {

  /** A built-in or custom role by its name, as visible at the scope; empty when none is. */
  Optional<RoleDefinition> findByName(String scope, String roleName);

  /** A role by GUID or full role definition ID; empty when it does not exist. */
  Optional<RoleDefinition> findById(String scope, String guidOrId);
}
