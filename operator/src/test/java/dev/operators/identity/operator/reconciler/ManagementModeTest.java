package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.PlannedChange;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.reconciler.ManagementMode.Decision;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** When a pass plans first, and whether it then writes or shows its plan: the table. */
class ManagementModeTest {

  static final PlannedChange CREATE = new PlannedChange("Create", "RoleAssignment", "a", "missing");
  static final PlannedChange DELETE = new PlannedChange("Delete", "RoleAssignment", "b", "extra");
  static final List<PlannedChange> CHANGES = List.of(CREATE, DELETE);
  static final String DIGEST = ManagementMode.digest(CHANGES);

  /** What the resource says: mode as written, adopt annotation, approval, the plan shown. */
  record Given(
      String mode, boolean adopt, String approved, String shownReason, String shownDigest) {
    UserAssignedIdentity resource() {
      UserAssignedIdentity uai = ReconcilerFixture.resource("orders-api");
      uai.getSpec().setManagementPolicy(mode);
      var annotations = new HashMap<String, String>();
      if (adopt) {
        annotations.put(UserAssignedIdentity.ADOPT_ANNOTATION, "true");
      }
      if (approved != null) {
        annotations.put(UserAssignedIdentity.APPROVE_PLAN_ANNOTATION, approved);
      }
      uai.getMetadata().setAnnotations(annotations);
      if (shownReason != null) {
        var status = new UserAssignedIdentityStatus();
        status.setResourceId(ReconcilerFixture.REF.resourceId());
        status.setPlan(ManagementMode.status(shownReason, List.of(), 1L));
        status.getPlan().setDigest(shownDigest);
        uai.setStatus(status);
      }
      return uai;
    }
  }

  static Stream<Arguments> decisions() {
    return Stream.of(
        // mode, adopt, approved, shown reason, shown digest | adopting, changes | expected
        row(new Given("Observe", false, DIGEST, null, null), false, CHANGES, "Show Observe"),
        row(new Given("Plan", false, null, "Plan", DIGEST), false, CHANGES, "Show Plan"),
        row(new Given("Bogus", false, null, null, null), false, CHANGES, "Show Observe"),
        row(new Given(null, false, null, "Plan", DIGEST), false, CHANGES, "Apply approved"),
        row(new Given("Manage", false, null, "Observe", DIGEST), false, CHANGES, "Apply approved"),
        row(new Given(null, false, null, "Plan", "other"), false, CHANGES, "Show PlanChanged"),
        row(new Given(null, false, DIGEST, "Plan", "other"), false, CHANGES, "Apply approved"),
        row(
            new Given(null, false, "other", "PlanChanged", DIGEST),
            false,
            CHANGES,
            "Show PlanChanged"),
        row(new Given(null, false, null, "Plan", "other"), false, List.of(), "Apply"),
        row(new Given(null, true, null, null, null), true, CHANGES, "Show AdoptionPending"),
        row(new Given(null, true, null, null, null), true, List.of(CREATE), "Apply"),
        row(new Given(null, true, null, null, null), false, CHANGES, "Apply"),
        row(new Given("Manage", true, null, null, null), true, CHANGES, "Apply"),
        row(
            new Given(null, true, null, "AdoptionPending", DIGEST),
            true,
            CHANGES,
            "Show AdoptionPending"),
        row(
            new Given(null, true, DIGEST, "AdoptionPending", DIGEST),
            true,
            CHANGES,
            "Apply approved"),
        row(
            new Given("Manage", true, null, "AdoptionPending", DIGEST),
            true,
            CHANGES,
            "Apply approved"),
        row(
            new Given("Manage", true, null, "AdoptionPending", "other"),
            true,
            CHANGES,
            "Show PlanChanged"),
        row(
            new Given(null, true, null, "AdoptionPending", "other"),
            true,
            List.of(CREATE),
            "Apply"));
  }

  @ParameterizedTest
  @MethodSource("decisions")
  void decides(Given given, boolean adopting, List<PlannedChange> changes, String expected) {
    Decision decision =
        ManagementMode.decide(given.resource(), new ManagementMode.Probe(changes, adopting));
    assertThat(describe(decision)).isEqualTo(expected);
  }

  static Stream<Arguments> planningFirst() {
    return Stream.of(
        Arguments.of(new Given(null, false, null, null, null), false),
        Arguments.of(new Given("Manage", false, null, null, null), false),
        Arguments.of(new Given("Observe", false, null, null, null), true),
        Arguments.of(new Given("Plan", false, null, null, null), true),
        Arguments.of(new Given(null, false, null, "PlanChanged", DIGEST), true),
        Arguments.of(new Given(null, true, null, null, null), true),
        Arguments.of(new Given("Manage", true, null, null, null), false));
  }

  @ParameterizedTest
  @MethodSource("planningFirst")
  void plansFirstOnlyWhenAPlanCanStopTheWrites(Given given, boolean expected) {
    assertThat(ManagementMode.plansFirst(given.resource())).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void theDigestCoversEveryChangeAndItsOrder() {
    assertThat(ManagementMode.digest(List.of(CREATE, DELETE)))
        .isEqualTo(ManagementMode.digest(List.of(CREATE, DELETE)))
        .isNotEqualTo(ManagementMode.digest(List.of(DELETE, CREATE)))
        .isNotEqualTo(ManagementMode.digest(List.of(CREATE)));
    var many = Stream.generate(() -> CREATE).limit(150).toList();
    var shown = ManagementMode.status("Plan", many, 3L);
    assertThat(shown.getChanges()).hasSize(ManagementMode.MAX_LISTED);
    assertThat(shown.getTotal()).isEqualTo(150);
  }

  private static Arguments row(
      Given given, boolean adopting, List<PlannedChange> changes, String expected) {
    return Arguments.of(given, adopting, changes, expected);
  }

  private static String describe(Decision decision) {
    if (decision instanceof Decision.Show show) {
      return "Show " + show.reason();
    }
    return ((Decision.Apply) decision).approvedPlan() ? "Apply approved" : "Apply";
  }
}
