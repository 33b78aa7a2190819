package dev.operators.identity.operator.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.RoleAssignmentSweep;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSweepSpec;
import dev.operators.identity.api.v1alpha1.SweepCounts;
import dev.operators.identity.api.v1alpha1.SweepFinding;
import dev.operators.identity.operator.azure.RoleAssignment;
import dev.operators.identity.operator.reconciler.RecordingEvents;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One sweep's story against Azure in memory: when it runs, what it writes, what it tells. */
class RoleAssignmentSweepReconcilerTest {

  private static final String SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
  private static final String RG = SUB + "/resourceGroups/rg-a";

  private final DirectoryAzure azure = new DirectoryAzure();
  private final RecordingEvents recorded = new RecordingEvents();
  private final List<String> events = recorded.events;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Instant now = azure.now;

  private final RoleAssignmentSweepReconciler reconciler =
      new RoleAssignmentSweepReconciler(
          azure,
          recorded,
          new SweepMetrics(registry),
          new Clock() {
            @Override
            public Instant instant() {
              return now;
            }

            @Override
            public ZoneOffset getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }
          });

  @Test
  void deleteModeDeletesTheOldOrphanInsideItsScopesAndTellsOnce() {
    String gone = azure.principal(now.minus(Duration.ofDays(3)));
    String live = azure.principal(now.minus(Duration.ofDays(3)));
    RoleAssignment orphan = azure.assign(RG, gone, now.minus(Duration.ofDays(2)));
    RoleAssignment kept = azure.assign(RG, live, now.minus(Duration.ofDays(2)));
    RoleAssignment outside =
        azure.assign(SUB + "/resourceGroups/rg-b", gone, now.minus(Duration.ofDays(2)));
    azure.directory.remove(gone);
    RoleAssignmentSweep sweep = sweep("Delete", "6h", RG);

    UpdateControl<RoleAssignmentSweep> control = reconciler.reconcile(sweep, null);

    assertThat(azure.deleted).containsExactly(orphan.id());
    assertThat(azure.assignments).containsKeys(key(kept), key(outside));
    assertThat(azure.calls).contains("get " + orphan.id());
    assertThat(control.isPatchStatus()).isTrue();
    assertThat(control.getScheduleDelay()).contains(Duration.ofHours(6).toMillis());
    var status = sweep.getStatus();
    assertThat(status.getCounts()).isEqualTo(new SweepCounts(2, 1, 1, 0));
    assertThat(status.getFindings())
        .extracting(SweepFinding::getId, SweepFinding::getPrincipalId, SweepFinding::getAction)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(orphan.id(), gone, "Deleted"));
    assertThat(status.getLastSweepTime()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(status.getNextSweepTime()).isEqualTo("2026-03-01T18:00:00Z");
    assertThat(ready(sweep)).extracting(Condition::getStatus).isEqualTo("True");
    assertThat(events).singleElement().asString().startsWith("Normal OrphanDeleted:");
    assertThat(registry.get(SweepMetrics.ORPHANED).tag("action", "deleted").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void reportModeListsTheOrphanAndDeletesNothing() {
    String gone = azure.principal(now.minus(Duration.ofDays(3)));
    RoleAssignment orphan = azure.assign(RG, gone, now.minus(Duration.ofDays(2)));
    azure.directory.remove(gone);
    RoleAssignmentSweep sweep = sweep(null, null, SUB);

    reconciler.reconcile(sweep, null);

    assertThat(azure.deleted).isEmpty();
    assertThat(azure.calls).noneMatch(c -> c.startsWith("delete") || c.startsWith("get"));
    assertThat(sweep.getStatus().getFindings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getId()).isEqualTo(orphan.id());
              assertThat(f.getAction()).isEqualTo("Reported");
            });
    assertThat(events).isEmpty();
  }

  @Test
  void anUnscheduledSweepRunsOncePerGenerationAndAScheduledOneWhenItsTimeComes() {
    RoleAssignmentSweep once = sweep(null, null, SUB);
    reconciler.reconcile(once, null);
    int calls = azure.calls.size();

    assertThat(reconciler.reconcile(once, null).isPatchStatus()).isFalse();
    assertThat(azure.calls).hasSize(calls);
    once.getMetadata().setGeneration(2L);
    reconciler.reconcile(once, null);
    assertThat(azure.calls).hasSize(calls + 1);

    RoleAssignmentSweep scheduled = sweep(null, "1h", SUB);
    reconciler.reconcile(scheduled, null);
    now = now.plus(Duration.ofMinutes(20));
    UpdateControl<RoleAssignmentSweep> early = reconciler.reconcile(scheduled, null);
    assertThat(early.isPatchStatus()).isFalse();
    assertThat(early.getScheduleDelay()).contains(Duration.ofMinutes(40).toMillis());
    now = now.plus(Duration.ofMinutes(40));
    assertThat(reconciler.reconcile(scheduled, null).isPatchStatus()).isTrue();
  }

  @Test
  void aScopeThatCannotBeListedFailsTheSweepAndRetriesSoon() {
    azure.failingScopes.add(RG);
    RoleAssignmentSweep sweep = sweep("Delete", "6h", RG, SUB + "/resourceGroups/rg-b");

    UpdateControl<RoleAssignmentSweep> control = reconciler.reconcile(sweep, null);

    assertThat(ready(sweep).getStatus()).isEqualTo("False");
    assertThat(ready(sweep).getReason()).isEqualTo("SweepFailed");
    assertThat(ready(sweep).getMessage()).contains("listing " + RG + " failed");
    assertThat(sweep.getStatus().getCounts().getFailed()).isEqualTo(1);
    assertThat(control.getScheduleDelay())
        .contains(RoleAssignmentSweepReconciler.RETRY_AFTER_FAILURE.toMillis());
  }

  @Test
  void anInvalidSpecStallsWithoutCallingAzure() {
    RoleAssignmentSweep sweep = sweep("Purge", "10s", "/subscriptions/not-a-guid");

    reconciler.reconcile(sweep, null);

    assertThat(azure.calls).isEmpty();
    assertThat(ready(sweep).getReason()).isEqualTo("InvalidSpec");
    assertThat(ready(sweep).getMessage())
        .contains("spec.scopes", "spec.mode", "spec.schedule must be at least 1m");
    assertThat(
            SweepConditions.find(sweep.getStatus().getConditions(), SweepConditions.STALLED)
                .map(Condition::getStatus))
        .contains("True");
    assertThat(events).singleElement().asString().startsWith("Warning InvalidSpec:");
  }

  private static String key(RoleAssignment a) {
    return a.id().toLowerCase(java.util.Locale.ROOT);
  }

  private static Condition ready(RoleAssignmentSweep sweep) {
    return SweepConditions.find(sweep.getStatus().getConditions(), SweepConditions.READY)
        .orElseThrow();
  }

  private static RoleAssignmentSweep sweep(String mode, String schedule, String... scopes) {
    RoleAssignmentSweep sweep = SweepPropertiesTest.sweep();
    RoleAssignmentSweepSpec spec = new RoleAssignmentSweepSpec();
    spec.setScopes(List.of(scopes));
    spec.setMode(mode);
    spec.setSchedule(schedule);
    spec.setMinimumAge("1h");
    sweep.setSpec(spec);
    return sweep;
  }
}
