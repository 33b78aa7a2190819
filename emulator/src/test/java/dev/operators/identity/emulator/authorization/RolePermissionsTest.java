package dev.operators.identity.emulator.authorization;

import static dev.operators.identity.emulator.authorization.RolePermissions.ASSIGNMENT_DELETE;
import static dev.operators.identity.emulator.authorization.RolePermissions.ASSIGNMENT_WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which built-in roles grant role-assignment writes and deletes, and the wildcard matching. */
class RolePermissionsTest {

  static JsonNode builtIn(String name) {
    BuiltInRoles.BuiltInRole role = BuiltInRoles.get().byName(name).orElseThrow();
    RoleDefinitions definitions = new RoleDefinitions(null, null, new Object());
    return definitions.find(role.id()).orElseThrow().properties();
  }

  static Stream<Arguments> roles() {
    return Stream.of(
        Arguments.of("Owner", true),
        Arguments.of("User Access Administrator", true),
        Arguments.of("Role Based Access Control Administrator", true),
        Arguments.of("Contributor", false),
        Arguments.of("Reader", false),
        Arguments.of("Storage Blob Data Reader", false),
        Arguments.of("Key Vault Secrets User", false));
  }

  @ParameterizedTest(name = "{0} manages role assignments: {1}")
  @MethodSource("roles")
  void onlyTheRolesThatGrantRoleAssignmentWritesManageThem(String role, boolean manages) {
    JsonNode permissions = builtIn(role);
    assertThat(RolePermissions.managesRoleAssignments(permissions)).isEqualTo(manages);
    assertThat(RolePermissions.grants(permissions, ASSIGNMENT_WRITE)).isEqualTo(manages);
    assertThat(RolePermissions.grants(permissions, ASSIGNMENT_DELETE)).isEqualTo(manages);
  }

  @Test
  void contributorsNotActionsTakeBackWhatItsStarGrants() {
    JsonNode contributor = builtIn("Contributor");
    assertThat(RolePermissions.grants(contributor, "Microsoft.Compute/virtualMachines/write"))
        .isTrue();
    assertThat(RolePermissions.grants(contributor, "Microsoft.Authorization/locks/delete"))
        .isFalse();
  }

  static Stream<Arguments> patterns() {
    return Stream.of(
        Arguments.of("*", "Microsoft.Authorization/roleAssignments/write", true),
        Arguments.of("*/read", "Microsoft.Authorization/roleAssignments/read", true),
        Arguments.of("*/read", "Microsoft.Authorization/roleAssignments/write", false),
        Arguments.of(
            "Microsoft.Authorization/*", "microsoft.authorization/roleassignments/write", true),
        Arguments.of(
            "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/roleAssignments/write",
            true),
        Arguments.of(
            "Microsoft.Authorization/*/Write", "Microsoft.Authorization/write/read", false),
        Arguments.of("Microsoft.Support/*", "Microsoft.Authorization/roleAssignments/write", false),
        Arguments.of(
            "Microsoft.Authorization/roleAssignments/write",
            "Microsoft.Authorization/roleAssignments/writes",
            false));
  }

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @MethodSource("patterns")
  void aStarMatchesAnyRunOfCharacters(String pattern, String action, boolean matches) {
    assertThat(RolePermissions.matches(pattern, action)).isEqualTo(matches);
  }
}
