package dev.operators.identity.operator.sweep;

import dev.operators.identity.api.v1alpha1.RoleAssignmentSweep;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSweepStatus;
import dev.operators.identity.operator.azure.RoleAssignmentPort;
import dev.operators.identity.operator.reconciler.EventRecorder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The story of one {@link RoleAssignmentSweep}: read the spec; when a sweep is due (the spec
 * changed, the schedule's interval passed, or a failed sweep's retry came), list the scopes, plan
 * ({@link SweepPlan}) and act ({@link SweepRun}); write what it found; come back when the next
 * sweep is due. Nothing to clean up on deletion: a sweep owns nothing in Azure.
 */
@ControllerConfiguration(name = RoleAssignmentSweepReconciler.NAME)
public class RoleAssignmentSweepReconciler implements Reconciler<RoleAssignmentSweep> {

  public static final String NAME = "roleassignmentsweep";
  private static final Logger LOG = LoggerFactory.getLogger(RoleAssignmentSweepReconciler.class);

  /**
   * After a sweep with failures (throttling, an unreachable scope), the next try comes this soon.
   */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

  private static final int MAX_MESSAGE = 4000;

  private final SweepRun run;
  private final EventRecorder events;
  private final Clock clock;

  public RoleAssignmentSweepReconciler(
      RoleAssignmentPort azure, EventRecorder events, SweepMetrics metrics, Clock clock) {
    this.run = new SweepRun(azure, events, metrics);
    this.events = events;
    this.clock = clock;
  }

  @Override
  public UpdateControl<RoleAssignmentSweep> reconcile(
      RoleAssignmentSweep resource, Context<RoleAssignmentSweep> context) {
    Instant now = clock.instant();
    RoleAssignmentSweepStatus before =
        resource.getStatus() == null ? new RoleAssignmentSweepStatus() : resource.getStatus();
    long generation = Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
    SweepSettings.Read read = SweepSettings.read(resource.getSpec());
    if (read.settings().isEmpty()) {
      return invalid(resource, before, generation, String.join("; ", read.problems()), now);
    }
    SweepSettings settings = read.settings().get();
    Optional<Instant> due = dueAt(before, generation);
    if (due.isPresent() && due.get().isAfter(now)) {
      return UpdateControl.<RoleAssignmentSweep>noUpdate()
          .rescheduleAfter(Duration.between(now, due.get()));
    }
    if (due.isEmpty()) {
      return UpdateControl.noUpdate();
    }
    SweepRun.Outcome outcome =
        run.run(resource, settings.scopes(), settings.mode(), settings.minimumAge(), now);
    boolean failed = !outcome.problems().isEmpty();
    Optional<Duration> next = failed ? Optional.of(RETRY_AFTER_FAILURE) : settings.schedule();
    RoleAssignmentSweepStatus status = new RoleAssignmentSweepStatus();
    status.setObservedGeneration(generation);
    status.setLastSweepTime(time(now));
    status.setNextSweepTime(next.map(d -> time(now.plus(d))).orElse(null));
    status.setCounts(outcome.counts());
    status.setFindings(outcome.findings());
    String message = summary(settings, outcome);
    status.setConditions(
        SweepConditions.of(
            before.getConditions(),
            generation,
            !failed,
            false,
            failed ? "SweepFailed" : "Swept",
            message,
            now));
    LOG.info("sweep name={} {}", resource.getMetadata().getName(), message);
    resource.setStatus(status);
    UpdateControl<RoleAssignmentSweep> update = UpdateControl.patchStatus(resource);
    return next.map(update::rescheduleAfter).orElse(update);
  }

  /**
   * When the next sweep is due: now for a spec not swept yet; the recorded next sweep time for a
   * scheduled or failed one; never again (empty) for an unscheduled one already swept.
   */
  static Optional<Instant> dueAt(RoleAssignmentSweepStatus status, long generation) {
    if (status.getLastSweepTime() == null
        || !Objects.equals(status.getObservedGeneration(), generation)
        || SweepConditions.find(status.getConditions(), SweepConditions.STALLED)
            .filter(c -> "True".equals(c.getStatus()))
            .isPresent()) {
      return Optional.of(Instant.EPOCH);
    }
    return Optional.ofNullable(status.getNextSweepTime()).map(Instant::parse);
  }

  private UpdateControl<RoleAssignmentSweep> invalid(
      RoleAssignmentSweep resource,
      RoleAssignmentSweepStatus before,
      long generation,
      String problems,
      Instant now) {
    String message = "The spec cannot be swept: " + problems;
    List<io.fabric8.kubernetes.api.model.Condition> conditions =
        SweepConditions.of(
            before.getConditions(), generation, false, true, "InvalidSpec", message, now);
    if (Objects.equals(before.getObservedGeneration(), generation)
        && conditions.equals(before.getConditions())) {
      return UpdateControl.noUpdate();
    }
    events.warning(resource, "InvalidSpec", message);
    RoleAssignmentSweepStatus status = new RoleAssignmentSweepStatus();
    status.setObservedGeneration(generation);
    status.setConditions(conditions);
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource);
  }

  private static String summary(SweepSettings settings, SweepRun.Outcome outcome) {
    var c = outcome.counts();
    String text =
        "Scanned "
            + c.getScanned()
            + " role assignments in "
            + settings.scopes().all().size()
            + " scopes ("
            + settings.mode()
            + " mode): "
            + c.getOrphaned()
            + " orphaned, "
            + c.getDeleted()
            + " deleted, "
            + c.getFailed()
            + " failed.";
    String all =
        outcome.problems().isEmpty() ? text : text + " " + String.join("; ", outcome.problems());
    return all.length() > MAX_MESSAGE ? all.substring(0, MAX_MESSAGE) + "..." : all;
  }

  private static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Override
  public ErrorStatusUpdateControl<RoleAssignmentSweep> updateErrorStatus(
      RoleAssignmentSweep resource, Context<RoleAssignmentSweep> context, Exception e) {
    LOG.error("unexpected sweep error name={}", resource.getMetadata().getName(), e);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }
}
