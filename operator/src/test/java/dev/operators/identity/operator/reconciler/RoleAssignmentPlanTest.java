package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.azure.RoleDefinition;
import dev.operators.identity.operator.reconciler.RoleAssignmentPlan.Action;
import dev.operators.identity.operator.reconciler.RoleAssignmentPlan.Declared;
import dev.operators.identity.operator.reconciler.RoleAssignmentPlan.Listing;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pruning decision as a table: what is observed in, what is written and deleted out. */
class RoleAssignmentPlanTest {

  static final String SUB = "00000000-0000-0000-0000-000000000001";
  static final String ROOT = "/subscriptions/" + SUB;
  static final String OTHER_ROOT = "/subscriptions/00000000-0000-0000-0000-000000000002";
  static final String RG = ROOT + "/resourceGroups/rg-data";
  static final String PRINCIPAL = "11111111-1111-1111-1111-111111111111";
  static final String READER_GUID = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final RoleDefinition READER =
      new RoleDefinition(
          ROOT + "/providers/Microsoft.Authorization/roleDefinitions/" + READER_GUID, "Reader");
  static final RoleDefinition OWNER =
      new RoleDefinition(
          ROOT + "/providers/Microsoft.Authorization/roleDefinitions/" + RoleAssignmentPlan.OWNER,
          "Owner");

  static RoleAssignment existing(String name, String scope, RoleDefinition role) {
    return new RoleAssignment(
        scope + "/providers/Microsoft.Authorization/roleAssignments/" + name,
        name,
        scope,
        role.id(),
        PRINCIPAL,
        null,
        null,
        null);
  }

  static final RoleAssignment STRAY =
      existing("22222222-2222-2222-2222-222222222222", ROOT, READER);

  static Declared reader(String scope) {
    return Declared.resolved(new RoleAssignmentSpec("Reader", scope), READER);
  }

  static RoleAssignmentPlan plan(List<Declared> declared, List<Listing> listings) {
    return RoleAssignmentPlan.decide(PRINCIPAL, declared, listings);
  }

  static AzureFailures.Failure failure(int status, String code) {
    return AzureFailures.classify(
        new AzureRequestException("list", status, code, "m", null, null, null));
  }

  @Test
  void completeListingsDeleteWhatIsNotDeclaredAndCreateWhatIsMissing() {
    var plan = plan(List.of(reader(RG)), List.of(Listing.of(ROOT, true, List.of(STRAY))));

    assertThat(plan.actions()).singleElement().isInstanceOf(Action.Create.class);
    var create = (Action.Create) plan.actions().get(0);
    assertThat(create.write().name())
        .isEqualTo(RoleAssignmentPlan.assignmentName(PRINCIPAL, READER_GUID, RG));
    assertThat(plan.deletions()).containsExactly(STRAY);
    assertThat(plan.pruneSafe()).isTrue();
  }

  @Test
  void aFailedListingAtAnyRootDeletesNothingAndCountsWhatItLeaves() {
    var plan =
        plan(
            List.of(reader(RG)),
            List.of(
                Listing.of(ROOT, true, List.of(STRAY)),
                Listing.failed(OTHER_ROOT, failure(503, "ServiceUnavailable"))));

    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.leftInPlace()).containsExactly(STRAY);
    assertThat(plan.pruneSafe()).isFalse();
    assertThat(plan.observationFailures()).hasSize(1);
    assertThat(plan.searchScopes()).containsExactly(ROOT, OTHER_ROOT);
  }

  @Test
  void aRoleThatDoesNotResolveDeletesNothingBecauseTheDesiredSetIsUnknown() {
    for (Declared unresolved :
        List.of(
            Declared.noSuchRole(new RoleAssignmentSpec("Readr", RG)),
            Declared.lookupFailed(
                new RoleAssignmentSpec("Reader", RG), failure(429, "TooManyRequests")))) {
      var plan = plan(List.of(unresolved), List.of(Listing.of(ROOT, true, List.of(STRAY))));

      assertThat(plan.deletions()).isEmpty();
      assertThat(plan.leftInPlace()).containsExactly(STRAY);
      assertThat(plan.actions()).singleElement().isInstanceOf(Action.Refuse.class);
    }
  }

  @Test
  void aLookupThatPassesIsPendingAndOneThatDoesNotIsFailed() {
    var plan =
        plan(
            List.of(
                Declared.lookupFailed(
                    new RoleAssignmentSpec("Reader", RG), failure(500, "InternalServerError")),
                Declared.noSuchRole(new RoleAssignmentSpec("Readr", RG))),
            List.of(Listing.of(ROOT, true, List.of())));

    var transientFailure = (Action.Refuse) plan.actions().get(0);
    var missingRole = (Action.Refuse) plan.actions().get(1);
    assertThat(transientFailure.pending()).isTrue();
    assertThat(transientFailure.failure()).isPresent();
    assertThat(missingRole.pending()).isFalse();
    assertThat(missingRole.message()).isEqualTo("role 'Readr' does not exist at scope " + RG);
  }

  @Test
  void anAssignmentAdoptedUnderAnotherNameIsKeptNotRecreatedOrDeleted() {
    RoleAssignment byHand = existing("33333333-3333-3333-3333-333333333333", RG, READER);

    var plan = plan(List.of(reader(RG)), List.of(Listing.of(ROOT, true, List.of(byHand))));

    assertThat(plan.actions()).containsExactly(new Action.Keep(0, byHand));
    assertThat(plan.deletions()).isEmpty();
  }

  @Test
  void aDriftedConditionIsUpdatedInPlaceUnderTheSameName() {
    RoleAssignment current = existing("44444444-4444-4444-4444-444444444444", RG, READER);
    var spec = new RoleAssignmentSpec("Reader", RG);
    spec.setCondition("@Resource[x] StringEquals 'y'");

    var plan =
        plan(
            List.of(Declared.resolved(spec, READER)),
            List.of(Listing.of(ROOT, true, List.of(current))));

    var update = (Action.Update) plan.actions().get(0);
    assertThat(update.write().name()).isEqualTo(current.name());
    assertThat(update.write().condition()).isEqualTo(spec.getCondition());
    assertThat(update.write().conditionVersion()).isEqualTo("2.0");
  }

  @Test
  void anUndeclaredDescriptionIsLeftAsItIs() {
    RoleAssignment described =
        new RoleAssignment(
            RG + "/providers/Microsoft.Authorization/roleAssignments/n1",
            "n1",
            RG,
            READER.id(),
            PRINCIPAL,
            "set in the portal",
            null,
            null);

    var plan = plan(List.of(reader(RG)), List.of(Listing.of(ROOT, true, List.of(described))));

    assertThat(plan.actions()).containsExactly(new Action.Keep(0, described));
  }

  @Test
  void aRecreatedPrincipalGetsNamesOfItsOwnNotThoseOfTheOldOne() {
    String recreated = "99999999-9999-9999-9999-999999999999";

    var first = plan(List.of(reader(RG)), List.of(Listing.of(ROOT, true, List.of())));
    var second =
        RoleAssignmentPlan.decide(
            recreated, List.of(reader(RG)), List.of(Listing.of(ROOT, true, List.of())));

    String before = ((Action.Create) first.actions().get(0)).write().name();
    String after = ((Action.Create) second.actions().get(0)).write().name();
    assertThat(after).isNotEqualTo(before);
    assertThat(((Action.Create) second.actions().get(0)).write().principalId())
        .isEqualTo(recreated);
  }

  @Test
  void theSameRoleAndScopeTwiceIsRefusedOnceAndGrantedOnce() {
    var plan =
        plan(
            List.of(reader(RG), Declared.resolved(new RoleAssignmentSpec(READER_GUID, RG), READER)),
            List.of(Listing.of(ROOT, true, List.of())));

    assertThat(plan.actions().get(0)).isInstanceOf(Action.Create.class);
    assertThat(((Action.Refuse) plan.actions().get(1)).message())
        .startsWith("same role and scope as roleAssignments[0] ('Reader')");
    assertThat(plan.pruneSafe()).isTrue();
  }

  @Test
  void privilegedRolesAndBroadScopesAreNamed() {
    var plan =
        plan(
            List.of(Declared.resolved(new RoleAssignmentSpec("Owner", RG), OWNER), reader(ROOT)),
            List.of(Listing.of(ROOT, true, List.of())));

    assertThat(plan.privileged())
        .containsExactly(
            "'Owner' at " + RG + " (can grant access to others)",
            "'Reader' at " + ROOT + " (management group or subscription scope)");
  }

  @Test
  void aRootThatIsNeitherRequiredNorHoldsAnythingIsNoLongerSearched() {
    var plan =
        plan(
            List.of(reader(RG)),
            List.of(Listing.of(ROOT, true, List.of()), Listing.of(OTHER_ROOT, false, List.of())));

    assertThat(plan.searchScopes()).containsExactly(ROOT);
  }

  @Test
  void anAssignmentSeenUnderTwoRootsIsDeletedOnce() {
    var plan =
        plan(
            List.of(),
            List.of(Listing.of(ROOT, true, List.of(STRAY)), Listing.of(RG, true, List.of(STRAY))));

    assertThat(plan.deletions()).containsExactly(STRAY);
  }
}
