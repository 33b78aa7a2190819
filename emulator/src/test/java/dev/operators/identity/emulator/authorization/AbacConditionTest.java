package dev.operators.identity.emulator.authorization;

import static dev.operators.identity.emulator.authorization.RolePermissions.ASSIGNMENT_DELETE;
import static dev.operators.identity.emulator.authorization.RolePermissions.ASSIGNMENT_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.operators.identity.emulator.authorization.AbacCondition.Attribute;
import dev.operators.identity.emulator.authorization.AbacCondition.Facts;
import dev.operators.identity.emulator.authorization.AbacCondition.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The delegation conditions the emulator parses, what they decide, and what it refuses. */
class AbacConditionTest {
  static final String BLOB_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final String SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";
  static final String OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
  static final String RBAC_ADMIN = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";
  static final String UAA = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";

  static final String ROLES = "{" + BLOB_READER + ", " + READER + "}";

  /** "Constrain roles" for writes only (Microsoft's "Constrain add role assignments"). */
  static final String WRITES =
      "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR"
          + " (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId]"
          + " ForAnyOfAnyValues:GuidEquals "
          + ROLES
          + "))";

  /** The portal's "Constrain roles and principal types" template, as the docs print it. */
  static final String ROLES_AND_TYPES =
      """
      (
       (
        !(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})
       )
       OR\s
       (
        @Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals %s
        AND
        @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}
       )
      )
      AND
      (
       (
        !(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})
       )
       OR\s
       (
        @Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals %s
        AND
        @Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}
       )
      )
      """
          .formatted(ROLES, ROLES);

  /** "Allow all except specific roles": Owner, RBAC Administrator, User Access Administrator. */
  static final String ALL_BUT_PRIVILEGED =
      ("((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR"
              + " (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId]"
              + " ForAnyOfAllValues:GuidNotEquals {%1$s})) AND"
              + " ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR"
              + " (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId]"
              + " ForAnyOfAllValues:GuidNotEquals {%1$s}))")
          .formatted(OWNER + ", " + RBAC_ADMIN + ", " + UAA);

  static Facts write(String role, String principalType) {
    return facts(ASSIGNMENT_WRITE, Source.REQUEST, role, principalType);
  }

  static Facts delete(String role, String principalType) {
    return facts(ASSIGNMENT_DELETE, Source.RESOURCE, role, principalType);
  }

  static Facts facts(String action, Source source, String role, String principalType) {
    Map<Attribute, String> attributes = new EnumMap<>(Attribute.class);
    attributes.put(Attribute.ROLE_DEFINITION_ID, role);
    attributes.put(Attribute.PRINCIPAL_ID, "11111111-2222-3333-4444-555555555555");
    if (principalType != null) {
      attributes.put(Attribute.PRINCIPAL_TYPE, principalType);
    }
    return new Facts(action, source, attributes);
  }

  static Stream<Arguments> decisions() {
    return Stream.of(
        Arguments.of("writes: a listed role", WRITES, write(BLOB_READER, null), true),
        Arguments.of(
            "writes: a GUID in upper case", WRITES, write(READER.toUpperCase(), null), true),
        Arguments.of("writes: a role not listed", WRITES, write(SECRETS_USER, null), false),
        Arguments.of("writes: any delete", WRITES, delete(OWNER, "User"), true),
        Arguments.of(
            "template: listed role to a service principal",
            ROLES_AND_TYPES,
            write(BLOB_READER, "ServicePrincipal"),
            true),
        Arguments.of(
            "template: principal type compared ignoring case",
            ROLES_AND_TYPES,
            write(BLOB_READER, "serviceprincipal"),
            true),
        Arguments.of(
            "template: listed role to a user", ROLES_AND_TYPES, write(BLOB_READER, "User"), false),
        Arguments.of(
            "template: principal type omitted fails the comparison",
            ROLES_AND_TYPES,
            write(BLOB_READER, null),
            false),
        Arguments.of(
            "template: a role not listed to a service principal",
            ROLES_AND_TYPES,
            write(SECRETS_USER, "ServicePrincipal"),
            false),
        Arguments.of(
            "template: deleting a listed role of a service principal",
            ROLES_AND_TYPES,
            delete(READER, "ServicePrincipal"),
            true),
        Arguments.of(
            "template: deleting a role not listed",
            ROLES_AND_TYPES,
            delete(OWNER, "ServicePrincipal"),
            false),
        Arguments.of(
            "template: deleting a listed role of a group",
            ROLES_AND_TYPES,
            delete(READER, "Group"),
            false),
        Arguments.of(
            "all but privileged: writing Reader", ALL_BUT_PRIVILEGED, write(READER, null), true),
        Arguments.of(
            "all but privileged: writing Owner",
            ALL_BUT_PRIVILEGED,
            write(OWNER, "ServicePrincipal"),
            false),
        Arguments.of(
            "all but privileged: deleting User Access Administrator",
            ALL_BUT_PRIVILEGED,
            delete(UAA, "User"),
            false),
        Arguments.of(
            "all but privileged: deleting Key Vault Secrets User",
            ALL_BUT_PRIVILEGED,
            delete(SECRETS_USER, "User"),
            true),
        Arguments.of(
            "&&, || and NOT spell AND, OR and !",
            "(NOT ActionMatches{'Microsoft.Authorization/roleAssignments/write'} || "
                + "@Request[Microsoft.Authorization/roleAssignments:PrincipalId] GuidEquals "
                + "11111111-2222-3333-4444-555555555555)",
            write(OWNER, null),
            true),
        Arguments.of(
            "a negated comparison",
            "(!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR "
                + "(!(@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] "
                + "GuidEquals "
                + OWNER
                + "))",
            write(OWNER, null),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void aSupportedConditionDecidesTheRequest(
      String what, String condition, Facts facts, boolean allowed) {
    assertThat(AbacCondition.parse(condition).allows(facts)).isEqualTo(allowed);
  }

  static Stream<Arguments> refusals() {
    String write = "(!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR ";
    String role = "@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ";
    return Stream.of(
        Arguments.of(
            "a storage condition",
            "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name]"
                + " StringEquals 'logs'",
            "only Microsoft.Authorization/roleAssignments:RoleDefinitionId"),
        Arguments.of(
            "an expression without its ActionMatches",
            role + "ForAnyOfAnyValues:GuidEquals " + ROLES,
            "(!(ActionMatches{'<action>'})) OR (<expression>)"),
        Arguments.of(
            "another action",
            "(!(ActionMatches{'Microsoft.Authorization/roleDefinitions/write'})) OR ("
                + role
                + "GuidEquals "
                + READER
                + ")",
            "only 'Microsoft.Authorization/roleAssignments/write'"),
        Arguments.of(
            "@Resource on a write",
            write
                + "(@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId]"
                + " GuidEquals "
                + READER
                + ")",
            "has @Request attributes only"),
        Arguments.of(
            "AND and OR mixed without parentheses",
            write
                + "("
                + role
                + "GuidEquals "
                + READER
                + " AND "
                + role
                + "GuidEquals "
                + OWNER
                + " OR "
                + role
                + "GuidEquals "
                + UAA
                + ")",
            "AND and OR mixed without parentheses"),
        Arguments.of(
            "a quoted GUID",
            write + "(" + role + "ForAnyOfAnyValues:GuidEquals {'" + READER + "'})",
            "must be bare GUIDs"),
        Arguments.of(
            "a string operator on a GUID attribute",
            write + "(" + role + "StringEquals '" + READER + "')",
            "only GuidEquals and GuidNotEquals"),
        Arguments.of(
            "a case-sensitive string operator",
            write
                + "(@Request[Microsoft.Authorization/roleAssignments:PrincipalType]"
                + " StringEquals 'User')",
            "only StringEqualsIgnoreCase and StringNotEqualsIgnoreCase"),
        Arguments.of(
            "a quantifier outside the subset",
            write + "(" + role + "ForAllOfAllValues:GuidEquals " + ROLES + ")",
            "only ForAnyOfAnyValues and ForAnyOfAllValues"),
        Arguments.of(
            "a plain operator with a set",
            write + "(" + role + "GuidEquals " + ROLES + ")",
            "compares with one value"),
        Arguments.of(
            "an unknown attribute",
            write
                + "(@Request[Microsoft.Authorization/roleAssignments:Scope] StringEqualsIgnoreCase"
                + " 'x')",
            "only Microsoft.Authorization/roleAssignments:RoleDefinitionId"),
        Arguments.of(
            "@Principal attributes",
            write
                + "(@Principal[Microsoft.Directory/CustomSecurityAttributes/Id:Dept]"
                + " StringEqualsIgnoreCase 'x')",
            "only @Request and @Resource"),
        Arguments.of(
            "an unclosed parenthesis",
            "(" + write + "(" + role + "GuidEquals " + READER + ")",
            "')' expected"),
        Arguments.of(
            "an unclosed string",
            write
                + "(@Request[Microsoft.Authorization/"
                + "roleAssignments:PrincipalType] StringEqualsIgnoreCase 'User)",
            "not closed"),
        Arguments.of("trailing text", WRITES + " foo", "unexpected 'foo'"),
        Arguments.of(
            "SubOperationMatches",
            "(!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'} AND NOT"
                + " SubOperationMatches{'x'})) OR ("
                + role
                + "GuidEquals "
                + READER
                + ")",
            "unsupported 'SubOperationMatches'"),
        Arguments.of("an empty condition", "  ", "ends where an expression was expected"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void aConditionOutsideTheSubsetIsRefusedSayingWhy(String what, String condition, String why) {
    assertThatThrownBy(() -> AbacCondition.parse(condition))
        .isInstanceOf(AbacCondition.Refused.class)
        .hasMessageContaining(why);
  }

  @org.junit.jupiter.api.Test
  void aRefusalSaysWhereInTheConditionItStopped() {
    assertThatThrownBy(() -> AbacCondition.parse(WRITES + " foo"))
        .hasMessageStartingWith("at character " + (WRITES.length() + 2) + ":");
  }

  /** The README's az CLI and Bicep conditions, with their role lists filled in. */
  static Stream<String> readmeConditions() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section =
        readme.substring(
            readme.indexOf("## Azure-side guardrail"), readme.indexOf("**In the emulator.**"));
    Matcher cli = Pattern.compile("--condition \"([^\"]+)\"").matcher(section);
    Matcher bicep = Pattern.compile("condition: '(.+)'\n").matcher(section);
    assertThat(cli.find()).as("the az CLI condition").isTrue();
    assertThat(bicep.find()).as("the Bicep condition").isTrue();
    return Stream.of(
        cli.group(1).replace("$ROLES", BLOB_READER + ", " + READER),
        bicep.group(1).replace("\\'", "'").replace("${roles}", BLOB_READER + ", " + READER));
  }

  @ParameterizedTest
  @MethodSource("readmeConditions")
  void theReadmesConditionIsTheTemplateTheEmulatorEvaluates(String condition) {
    AbacCondition readme = AbacCondition.parse(condition);
    AbacCondition template = AbacCondition.parse(ROLES_AND_TYPES);
    for (Facts facts :
        List.of(
            write(BLOB_READER, "ServicePrincipal"),
            write(READER, "User"),
            write(SECRETS_USER, "ServicePrincipal"),
            delete(READER, "ServicePrincipal"),
            delete(OWNER, "ServicePrincipal"))) {
      assertThat(readme.allows(facts)).as(facts.toString()).isEqualTo(template.allows(facts));
    }
    assertThat(readme.allows(write(BLOB_READER, "ServicePrincipal"))).isTrue();
    assertThat(readme.allows(delete(OWNER, "ServicePrincipal"))).isFalse();
  }

  @org.junit.jupiter.api.Test
  void theTemplateTargetsWritesAndDeletes() {
    assertThat(AbacCondition.parse(ROLES_AND_TYPES).actions())
        .containsExactlyInAnyOrder(ASSIGNMENT_WRITE, ASSIGNMENT_DELETE);
  }
}
