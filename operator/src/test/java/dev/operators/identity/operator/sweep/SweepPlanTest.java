package dev.operators.identity.operator.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.SweepMode;
import dev.operators.identity.operator.azure.ListedAssignment;
import dev.operators.identity.operator.azure.RoleAssignment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The deletion rule of {@link SweepPlan}, case by case. */
class SweepPlanTest {

  private static final String SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @ParameterizedTest(name = "{0} at {1}, principal {2}, {3} old, {4} mode: {5}")
  @CsvSource({
    // sweep scope, assignment scope, principal type, age, mode, action
    "'', /resourceGroups/rg-a, Unknown, PT2H, Delete, DELETE",
    "'', /resourceGroups/rg-a, Unknown, PT2H, Report, REPORT",
    "'', /resourceGroups/rg-a, ServicePrincipal, PT2H, Delete, KEEP",
    "'', /resourceGroups/rg-a, User, P30D, Delete, KEEP",
    "'', /resourceGroups/rg-a, unknown, PT2H, Delete, DELETE",
    "'', /resourceGroups/rg-a, Unknown, PT59M, Delete, TOO_YOUNG",
    "'', /resourceGroups/rg-a, Unknown, PT1H, Delete, DELETE",
    "'', '', Unknown, PT2H, Delete, DELETE",
    "/resourceGroups/rg-a, /resourceGroups/rg-a/providers/Microsoft.Storage/storageAccounts/s,"
        + " Unknown, PT2H, Delete, DELETE",
    "/resourceGroups/rg-a, /resourceGroups/RG-A, Unknown, PT2H, Delete, DELETE",
    "/resourceGroups/rg-a, /resourceGroups/rg-ab, Unknown, PT2H, Delete, OUTSIDE",
    "/resourceGroups/rg-a, '', Unknown, PT2H, Delete, OUTSIDE",
    "/resourceGroups/rg-a, /resourceGroups/rg-b, Unknown, PT2H, Delete, OUTSIDE",
  })
  void decidesEachAssignmentByScopePrincipalTypeAgeAndMode(
      String sweepScope,
      String assignmentScope,
      String principalType,
      String age,
      SweepMode mode,
      String expected) {
    ListedAssignment a =
        listed(SUB + assignmentScope, principalType, Optional.of(NOW.minus(Duration.parse(age))));

    List<SweepPlan.Decision> plan =
        SweepPlan.decide(
            List.of(a), SweepScopes.of(List.of(SUB + sweepScope)), mode, Duration.ofHours(1), NOW);

    if (expected.equals("OUTSIDE")) {
      assertThat(plan).as("outside the scopes: not in the plan at all").isEmpty();
    } else {
      assertThat(plan).singleElement().extracting(SweepPlan.Decision::action).hasToString(expected);
    }
  }

  @ParameterizedTest(name = "an orphan without a creation time in {0} mode is {1}")
  @CsvSource({"Delete, TOO_YOUNG", "Report, REPORT"})
  void anOrphanOfUnknownAgeIsNeverDeleted(SweepMode mode, SweepPlan.Action expected) {
    ListedAssignment a = listed(SUB, "Unknown", Optional.empty());

    assertThat(SweepPlan.decide(List.of(a), SweepScopes.of(List.of(SUB)), mode, Duration.ZERO, NOW))
        .singleElement()
        .extracting(SweepPlan.Decision::action)
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "overlapping scopes {0} and {1} plan the assignment once")
  @CsvSource({
    "/subscriptions/00000000-0000-0000-0000-000000000001,"
        + " /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-a",
    "/subscriptions/00000000-0000-0000-0000-000000000001,"
        + " /SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/"
  })
  void anAssignmentListedUnderTwoScopesIsPlannedOnce(String first, String second) {
    ListedAssignment a = listed(SUB + "/resourceGroups/rg-a", "Unknown", Optional.of(NOW));

    assertThat(
            SweepPlan.decide(
                List.of(a, a),
                SweepScopes.of(List.of(first, second)),
                SweepMode.Report,
                Duration.ZERO,
                NOW))
        .hasSize(1);
  }

  @ParameterizedTest(name = "fresh read {0}: confirmed {1}")
  @CsvSource({
    "Unknown, same, true",
    "ServicePrincipal, same, false",
    "Unknown, other, false",
    "gone, same, false",
  })
  void aDeletionGoesAheadOnlyWhenTheFreshReadStillShowsTheSameOrphan(
      String freshType, String principal, boolean confirmed) {
    ListedAssignment planned = listed(SUB, "Unknown", Optional.of(NOW));
    RoleAssignment p = planned.assignment();
    RoleAssignment read =
        new RoleAssignment(
            p.id(),
            p.name(),
            p.scope(),
            p.roleDefinitionId(),
            principal.equals("same") ? p.principalId() : "11111111-1111-1111-1111-111111111111",
            null,
            null,
            null);
    Optional<ListedAssignment> fresh =
        freshType.equals("gone")
            ? Optional.empty()
            : Optional.of(new ListedAssignment(read, freshType, Optional.of(NOW)));

    assertThat(SweepPlan.confirmed(planned, fresh, SweepScopes.of(List.of(SUB))))
        .isEqualTo(confirmed);
  }

  static ListedAssignment listed(String scope, String type, Optional<Instant> createdOn) {
    String name = "22222222-2222-2222-2222-222222222222";
    return new ListedAssignment(
        new RoleAssignment(
            scope + "/providers/Microsoft.Authorization/roleAssignments/" + name,
            name,
            scope,
            "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
            "33333333-3333-3333-3333-333333333333",
            null,
            null,
            null),
        type,
        createdOn);
  }
}
