package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of the CRD schema, checked again by the reconciler before any Azure call, with a
 * specific message (each row is one of the hostile specs that reached the operator before).
 */
class SpecValidatorTest {

  private static final String SUB = "/subscriptions/" + ReconcilerFixture.SUB;
  private static final String RG = SUB + "/resourceGroups/rg-data";
  private static final String SITE =
      SUB + "/resourceGroups/rg-orders/providers/Microsoft.Web/sites";

  private final SpecValidator validator = new SpecValidator(Optional.of(ReconcilerFixture.SUB));

  static Stream<Arguments> refusals() {
    return Stream.of(
        row(
            "a scope with a smuggled query",
            s -> s.setRoleAssignments(List.of(ra("Reader", RG + "?api-version=2021-04-01&x="))),
            "spec.roleAssignments[0].scope '" + RG + "?api-version=2021-04-01&x=' contains '?'"),
        row(
            "a scope with a fragment",
            s -> s.setRoleAssignments(List.of(ra("Reader", RG + "#x"))),
            "contains '#'"),
        row(
            "a scope with a space",
            s -> s.setRoleAssignments(List.of(ra("Reader", RG + " x"))),
            "contains whitespace"),
        row(
            "a scope with a dot segment",
            s -> s.setRoleAssignments(List.of(ra("Reader", SUB + "/resourceGroups/.."))),
            "contains '..'"),
        row(
            "a scope with an encoded slash",
            s -> s.setRoleAssignments(List.of(ra("Reader", RG + "%2Fproviders"))),
            "contains '%'"),
        row(
            "a role ID with a query",
            s ->
                s.setRoleAssignments(
                    List.of(
                        ra(
                            "/providers/Microsoft.Authorization/roleDefinitions/"
                                + "acdd72a7-3385-48ef-bd42-f606fba81ae7?x=1",
                            RG))),
            "spec.roleAssignments[0].role"),
        row(
            "a role name with a control character",
            s -> s.setRoleAssignments(List.of(ra("Reader\u0000", RG))),
            "is not a role name"),
        row(
            "an assignee with a smuggled api-version",
            s ->
                s.setAssignees(
                    List.of(new AssigneeSpec(SITE + "/orders-web?api-version=2019-08-01&x="))),
            "spec.assignees[0].resourceId"),
        row(
            "another identity as an assignee",
            s ->
                s.setAssignees(
                    List.of(
                        new AssigneeSpec(
                            SUB
                                + "/resourceGroups/rg/providers/Microsoft.ManagedIdentity"
                                + "/userAssignedIdentities/other"))),
            "is a managed identity resource"),
        row(
            "a null role assignment",
            s -> s.setRoleAssignments(Arrays.asList((RoleAssignmentSpec) null)),
            "spec.roleAssignments[0] is empty (null)"),
        row(
            "a null assignee",
            s -> s.setAssignees(Arrays.asList((AssigneeSpec) null)),
            "spec.assignees[0] is empty (null)"),
        row(
            "501 role assignments",
            s ->
                s.setRoleAssignments(
                    IntStream.range(0, 501)
                        .mapToObj(i -> ra("Reader", SUB + "/resourceGroups/rg-" + i))
                        .toList()),
            "spec.roleAssignments has 501 entries; at most 200 are allowed"),
        row(
            "101 assignees",
            s ->
                s.setAssignees(
                    IntStream.range(0, 101)
                        .mapToObj(i -> new AssigneeSpec(SITE + "/s" + i))
                        .toList()),
            "spec.assignees has 101 entries; at most 100 are allowed"),
        row(
            "an over-long description",
            s -> {
              RoleAssignmentSpec a = ra("Reader", RG);
              a.setDescription("d".repeat(2049));
              s.setRoleAssignments(List.of(a));
            },
            "spec.roleAssignments[0].description is 2049 characters long; at most 2048"),
        row(
            "an over-long condition",
            s -> {
              RoleAssignmentSpec a = ra("Reader", RG);
              a.setCondition("c".repeat(8193));
              a.setConditionVersion("2.0");
              s.setRoleAssignments(List.of(a));
            },
            "spec.roleAssignments[0].condition is 8193 characters long"),
        row(
            "condition version 1.0",
            s -> {
              RoleAssignmentSpec a = ra("Reader", RG);
              a.setCondition("true");
              a.setConditionVersion("1.0");
              s.setRoleAssignments(List.of(a));
            },
            "spec.roleAssignments[0].conditionVersion '1.0' is not 2.0"),
        row(
            "isolationScope 1 (an ordinal)",
            s -> s.setIsolationScope("1"),
            "spec.isolationScope '1' is not one of None, Regional"),
        row(
            "isolationScope in the wrong case",
            s -> s.setIsolationScope("regional"),
            "spec.isolationScope 'regional' is not one of None, Regional"),
        row(
            "deletionPolicy 1 (an ordinal)",
            s -> s.setDeletionPolicy("1"),
            "spec.deletionPolicy '1' is not one of Delete, Orphan"),
        row(
            "a reserved tag in another case",
            s -> s.setTags(Map.of("Identity.Operators.Dev.Cluster", "other")),
            "spec.tags: tag 'Identity.Operators.Dev.Cluster' uses the operator's reserved prefix"),
        row(
            "tag names differing only in case",
            s -> {
              Map<String, String> tags = new LinkedHashMap<>();
              tags.put("Team", "a");
              tags.put("team", "b");
              s.setTags(tags);
            },
            "spec.tags: tags 'Team' and 'team' differ only in case"),
        row(
            "a resource group with two periods in a row",
            s -> s.setResourceGroup("rg..x"),
            "spec.resourceGroup 'rg..x' is not a valid resource group name"),
        row(
            "a tag without a value (YAML 'team:' with nothing after it)",
            s -> s.setTags(tags("team", null)),
            "spec.tags: tag 'team' has no value (null)"),
        row(
            "a role name with an unpaired surrogate",
            s -> s.setRoleAssignments(List.of(ra("Reader\uD800", RG))),
            "spec.roleAssignments[0].role 'Reader\\uD800' holds an unpaired surrogate (U+D800)"),
        row(
            "a description with an unpaired surrogate",
            s -> {
              RoleAssignmentSpec a = ra("Reader", RG);
              a.setDescription("exports \uDC00");
              s.setRoleAssignments(List.of(a));
            },
            "spec.roleAssignments[0].description 'exports \\uDC00' holds an unpaired surrogate"),
        row(
            "a tag value with an unpaired surrogate",
            s -> s.setTags(tags("team", "orders\uD835")),
            "spec.tags: the value of tag 'team' 'orders\\uD835' holds an unpaired surrogate"),
        row(
            "an empty subscriptionId (the CRD refuses it; it is no way to ask for the default)",
            s -> s.setSubscriptionId(""),
            "spec.subscriptionId '' is not a GUID"),
        row(
            "a blank subscriptionId",
            s -> s.setSubscriptionId("  "),
            "spec.subscriptionId '  ' is not a GUID"),
        row(
            "an empty azureName",
            s -> s.setAzureName(""),
            "spec.azureName '' is not a valid identity name: 3 to 128 letters, digits, hyphens"
                + " and underscores, starting with a letter or digit; remove spec.azureName to use"
                + " metadata.name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusesBeforeAnyAzureCall(String why, Consumer<UserAssignedIdentitySpec> edit, String msg) {
    UserAssignedIdentity uai = ReconcilerFixture.resource("orders-api");
    edit.accept(uai.getSpec());

    SpecValidator.Result result = validator.validate(uai);

    assertThat(result.valid()).isFalse();
    assertThat(result.message()).contains(msg);
    assertThat(result.message()).doesNotContain("Exception");
  }

  @Test
  void numbersWhereEnumNamesBelongAreReadAsWrittenAndRefused() {
    String yaml =
        """
        apiVersion: identity.operators.dev/v1alpha1
        kind: UserAssignedIdentity
        metadata: {name: orders-api, namespace: team-orders}
        spec:
          resourceGroup: rg-orders
          location: eastus
          isolationScope: 1
          deletionPolicy: 1
        """;
    UserAssignedIdentity uai =
        new KubernetesSerialization().unmarshal(yaml, UserAssignedIdentity.class);

    assertThat(uai.getSpec().getIsolationScope()).isEqualTo("1");
    assertThat(uai.getSpec().effectiveIsolationScope()).isEmpty();
    assertThat(validator.validate(uai).message())
        .contains("spec.isolationScope '1' is not one of None, Regional")
        .contains("spec.deletionPolicy '1' is not one of Delete, Orphan");
  }

  @Test
  void acceptsAFullValidSpec() {
    UserAssignedIdentity uai = ReconcilerFixture.resource("orders-api");
    List<RoleAssignmentSpec> roles = new ArrayList<>();
    roles.add(ra("Storage Blob Data Reader", RG));
    roles.add(ra("acdd72a7-3385-48ef-bd42-f606fba81ae7", SUB + "/resourceGroups/rg-dätä(1)"));
    roles.add(
        ra(
            SUB
                + "/providers/Microsoft.Authorization/roleDefinitions/"
                + "acdd72a7-3385-48ef-bd42-f606fba81ae7",
            "/providers/Microsoft.Management/managementGroups/mg-platform"));
    uai.getSpec().setRoleAssignments(roles);
    uai.getSpec().setAssignees(List.of(new AssigneeSpec(SITE + "/orders-web")));
    uai.getSpec().setIsolationScope("Regional");
    uai.getSpec().setDeletionPolicy("Orphan");

    assertThat(validator.validate(uai).problems()).isEmpty();
  }

  private static Arguments row(
      String why, Consumer<UserAssignedIdentitySpec> edit, String expectedMessage) {
    return Arguments.of(why, edit, expectedMessage);
  }

  private static Map<String, String> tags(String name, String value) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(name, value);
    return tags;
  }

  private static RoleAssignmentSpec ra(String role, String scope) {
    return new RoleAssignmentSpec(role, scope);
  }
}
