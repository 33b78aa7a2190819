package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.operator.azure.AzureIdentity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bound of the spec, as the CRD declares it, at its maximum (accepted, and carried out in
 * full: 200 role assignments created, 100 assignees attached, 47 tags plus the 3 ownership tags)
 * and one over (refused before any Azure call, with one problem naming the field and the bound).
 */
class SpecBoundsTest extends ReconcilerFixture {

  private static final String RG = "/subscriptions/" + SUB + "/resourceGroups/";
  private static final String SITES = RG + "rg-orders/providers/Microsoft.Web/sites/";

  static Stream<Arguments> bounds() {
    return Stream.of(
        bound(
            "spec.roleAssignments",
            AzureNameRules.MAX_ROLE_ASSIGNMENTS,
            (s, n) -> s.setRoleAssignments(readers(n)),
            "spec.roleAssignments has 201 entries; at most 200 are allowed"),
        bound(
            "spec.assignees",
            AzureNameRules.MAX_ASSIGNEES,
            (s, n) -> s.setAssignees(sites(n)),
            "spec.assignees has 101 entries; at most 100 are allowed"),
        bound(
            "spec.tags",
            AzureNameRules.MAX_USER_TAGS,
            (s, n) -> s.setTags(tags(n)),
            "spec.tags has 48 tags; at most 47 are allowed"),
        bound(
            "spec.resourceGroup",
            AzureNameRules.MAX_RESOURCE_GROUP_LENGTH,
            (s, n) -> s.setResourceGroup("r".repeat(n)),
            "is not a valid resource group name: 1 to 90 letters"),
        bound(
            "spec.azureName",
            128,
            (s, n) -> s.setAzureName("a".repeat(n)),
            "is not a valid identity name: 3 to 128 letters"),
        bound(
            "spec.location",
            50,
            (s, n) -> s.setLocation("e".repeat(n)),
            "is not a region's programmatic name"),
        bound(
            "spec.roleAssignments[0].role",
            AzureNameRules.MAX_ROLE_LENGTH,
            (s, n) ->
                s.setRoleAssignments(List.of(new RoleAssignmentSpec("r".repeat(n), RG + "g"))),
            "spec.roleAssignments[0].role is 513 characters long; at most 512 are allowed"),
        bound(
            "spec.roleAssignments[0].scope",
            AzureNameRules.MAX_ID_LENGTH,
            (s, n) -> s.setRoleAssignments(List.of(new RoleAssignmentSpec("Reader", idOf(RG, n)))),
            "is longer than 2048 characters: it must be a management group, subscription,"),
        bound(
            "spec.roleAssignments[0].description",
            AzureNameRules.MAX_DESCRIPTION_LENGTH,
            (s, n) -> s.setRoleAssignments(List.of(entry(n, 0))),
            "spec.roleAssignments[0].description is 2049 characters long; at most 2048"),
        bound(
            "spec.roleAssignments[0].condition",
            AzureNameRules.MAX_CONDITION_LENGTH,
            (s, n) -> s.setRoleAssignments(List.of(entry(0, n))),
            "spec.roleAssignments[0].condition is 8193 characters long; at most 8192"),
        bound(
            "spec.assignees[0].resourceId",
            AzureNameRules.MAX_ID_LENGTH,
            (s, n) -> s.setAssignees(List.of(new AssigneeSpec(idOf(SITES, n)))),
            "is longer than 2048 characters: it must be a resource ID"),
        bound(
            "spec.tags: tag name",
            AzureNameRules.MAX_TAG_NAME_LENGTH,
            (s, n) -> s.setTags(Map.of("n".repeat(n), "v")),
            "must be 1 to 512 characters without"),
        bound(
            "spec.tags: tag 'team'",
            AzureNameRules.MAX_TAG_VALUE_LENGTH,
            (s, n) -> s.setTags(Map.of("team", "v".repeat(n))),
            "spec.tags: tag 'team' has a value longer than 256 characters"));
  }

  @org.junit.jupiter.api.Test
  void azureCountsUtf16CodeUnitsAndTheMessageSaysSoWhereThatIsTheReason() {
    // 200 emoji: 200 characters for the API server's schema, 400 UTF-16 code units for Azure.
    String emoji = "\uD83D\uDE00".repeat(200);
    UserAssignedIdentity value = resource("orders-api");
    value.getSpec().setTags(Map.of("team", emoji));
    UserAssignedIdentity plain = resource("orders-api");
    plain.getSpec().setTags(Map.of("team", "v".repeat(257)));

    assertThat(validator().validate(value).problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .contains("has a value longer than 256 characters as Azure counts them")
                    .contains("UTF-16 code units"));
    assertThat(validator().validate(plain).problems())
        .singleElement()
        .satisfies(p -> assertThat(p).doesNotContain("UTF-16"));
  }

  @ParameterizedTest(name = "{0}: {1} accepted, {1} + 1 refused")
  @MethodSource("bounds")
  void atTheBoundAcceptedOneOverRefused(
      String field, int max, BiConsumer<UserAssignedIdentitySpec, Integer> set, String message) {
    UserAssignedIdentity at = resource("orders-api");
    set.accept(at.getSpec(), max);
    UserAssignedIdentity over = resource("orders-api");
    set.accept(over.getSpec(), max + 1);

    assertThat(validator().validate(at).problems()).isEmpty();
    assertThat(validator().validate(over).problems())
        .singleElement()
        .satisfies(p -> assertThat(p).startsWith(field).contains(message));
  }

  @Test
  void theShortestNamesAreAcceptedAndOneLessIsRefused() {
    UserAssignedIdentity shortest = resource("orders-api");
    shortest.getSpec().setAzureName("abc");
    shortest.getSpec().setResourceGroup("r");
    shortest.getSpec().setLocation("ea");
    UserAssignedIdentity shorter = resource("orders-api");
    shorter.getSpec().setAzureName("ab");
    shorter.getSpec().setResourceGroup("");
    shorter.getSpec().setLocation("e");

    assertThat(validator().validate(shortest).problems()).isEmpty();
    assertThat(validator().validate(shorter).problems())
        .extracting(p -> p.substring(0, p.indexOf(' ')))
        .containsExactly("spec.resourceGroup", "spec.azureName", "spec.location");
  }

  @Test
  void oneOverEveryBoundAtOnceIsEveryProblemAndNoAzureCall() {
    UserAssignedIdentity uai = resource("orders-api");
    UserAssignedIdentitySpec spec = uai.getSpec();
    spec.setResourceGroup("r".repeat(AzureNameRules.MAX_RESOURCE_GROUP_LENGTH + 1));
    spec.setAzureName("a".repeat(129));
    spec.setLocation("e".repeat(51));
    spec.setRoleAssignments(readers(AzureNameRules.MAX_ROLE_ASSIGNMENTS + 1));
    spec.setAssignees(sites(AzureNameRules.MAX_ASSIGNEES + 1));
    spec.setTags(tags(AzureNameRules.MAX_USER_TAGS + 1));

    reconcile(uai);

    assertThat(condition(uai, "IdentityReady").getMessage())
        .contains("spec.resourceGroup 'rrr")
        .contains("spec.azureName 'aaa")
        .contains("spec.location 'eee")
        .contains("spec.roleAssignments has 201 entries")
        .contains("spec.assignees has 101 entries")
        .contains("spec.tags has 48 tags");
    assertThat(reconciler.cleanup(uai, null).isRemoveFinalizer()).isTrue();
    assertThat(azure.calls).isEmpty();
    assertThat(authorization.calls).isEmpty();
    assertThat(assignees.calls).isEmpty();
  }

  @Test
  void twoHundredRoleAssignmentsAreAllCreatedOnceAndKeptAfterwards() {
    UserAssignedIdentity uai = resource("orders-api");
    uai.getSpec().setRoleAssignments(readers(AzureNameRules.MAX_ROLE_ASSIGNMENTS));

    reconcile(uai);
    authorization.calls.clear();
    reconcile(uai);

    assertThat(authorization.assignments).hasSize(AzureNameRules.MAX_ROLE_ASSIGNMENTS);
    assertThat(authorization.writes()).isEmpty();
    assertThat(uai.getStatus().getRoleAssignments())
        .hasSize(AzureNameRules.MAX_ROLE_ASSIGNMENTS)
        .allSatisfy(e -> assertThat(e.getState()).hasToString("Ready"));
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void aHundredAssigneesAreAllAttached() {
    UserAssignedIdentity uai = resource("orders-api");
    List<AssigneeSpec> sites = sites(AzureNameRules.MAX_ASSIGNEES);
    sites.forEach(a -> assignees.add(a.getResourceId(), "Microsoft.Web/sites", "eastus", null));
    uai.getSpec().setAssignees(sites);

    reconcile(uai);

    String identity = azure.find(REF).orElseThrow().resourceId();
    assertThat(sites)
        .allSatisfy(a -> assertThat(assignees.get(a.getResourceId()).carries(identity)).isTrue());
    assertThat(assignees.writes()).hasSize(AzureNameRules.MAX_ASSIGNEES);
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  void fortySevenTagsAndTheThreeOwnershipTagsMakeAzuresFifty() {
    UserAssignedIdentity uai = resource("orders-api");
    uai.getSpec().setTags(tags(AzureNameRules.MAX_USER_TAGS));

    reconcile(uai);

    AzureIdentity identity = azure.find(REF).orElseThrow();
    assertThat(identity.tags())
        .hasSize(50)
        .containsAllEntriesOf(tags(AzureNameRules.MAX_USER_TAGS));
  }

  private static SpecValidator validator() {
    return new SpecValidator(Optional.of(SUB));
  }

  private static Arguments bound(
      String field, int max, BiConsumer<UserAssignedIdentitySpec, Integer> set, String message) {
    return Arguments.of(field, max, set, message);
  }

  /** An ID of exactly {@code length} characters: {@code prefix} and one long last name. */
  static String idOf(String prefix, int length) {
    return prefix + "x".repeat(length - prefix.length());
  }

  static List<RoleAssignmentSpec> readers(int n) {
    return IntStream.range(0, n)
        .mapToObj(i -> new RoleAssignmentSpec("Reader", RG + "rg-" + i))
        .toList();
  }

  static List<AssigneeSpec> sites(int n) {
    return IntStream.range(0, n).mapToObj(i -> new AssigneeSpec(SITES + "site-" + i)).toList();
  }

  static Map<String, String> tags(int n) {
    Map<String, String> tags = new LinkedHashMap<>();
    IntStream.range(0, n).forEach(i -> tags.put("tag-" + i, "value-" + i));
    return tags;
  }

  private static RoleAssignmentSpec entry(int descriptionLength, int conditionLength) {
    RoleAssignmentSpec a = new RoleAssignmentSpec("Reader", RG + "rg-data");
    a.setDescription(descriptionLength == 0 ? null : "d".repeat(descriptionLength));
    if (conditionLength > 0) {
      a.setCondition("c".repeat(conditionLength));
      a.setConditionVersion("2.0");
    }
    return a;
  }
}
