package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.MigrationIdentity;
import dev.operators.identity.api.v1alpha1.PlanStatus;
import dev.operators.identity.api.v1alpha1.PlannedChange;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.RequestPass;
import dev.operators.identity.operator.migration.MigrationStep;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The story of one {@link UserAssignedIdentity}: validate the spec; make the identity in Azure
 * match it; make its role assignments exactly the declared ones; report each part as a condition;
 * come back after the resync period to repair drift. On deletion: delete every role assignment of
 * the identity, then the identity, then let the resource go ({@code deletionPolicy: Orphan} leaves
 * Azure alone).
 */
@ControllerConfiguration(name = UserAssignedIdentityReconciler.NAME)
public class UserAssignedIdentityReconciler
    implements Reconciler<UserAssignedIdentity>, Cleaner<UserAssignedIdentity> {

  public static final String NAME = "userassignedidentity";
  private static final Logger LOG = LoggerFactory.getLogger(UserAssignedIdentityReconciler.class);
  private static final String REQUEST_ID_MDC = "azure.requestId";
  private static final List<String> PARTS =
      List.of(
          StatusDraft.POLICY_COMPLIANT,
          StatusDraft.IDENTITY_READY,
          StatusDraft.ROLE_ASSIGNMENTS_READY,
          StatusDraft.FEDERATED_CREDENTIALS_READY,
          StatusDraft.WORKLOAD_IDENTITY_READY,
          StatusDraft.EXPORT_READY,
          StatusDraft.RESTRICTIONS_READY,
          StatusDraft.ASSIGNEES_READY,
          StatusDraft.DIRECTORY_READY);

  private final SpecValidator validator;
  private final PolicyStep policyStep;
  private final PassGates gates;
  private final EventRecorder events;
  private final IdentityPass pass;
  private final WarningEvents warnings;
  private final FailureBackoff backoff;
  private final PassSchedule schedule;
  private final Clock clock;
  private final ReconcileListener listener;
  private final IdentityTeardown teardown;
  private final StatusWriter statusWriter;
  private final MigrationStep migration;

  /** With {@code checks} shared with the admission webhook ({@link ResourceChecks#of}). */
  public UserAssignedIdentityReconciler(
      AzurePorts azure,
      EventRecorder events,
      ReconcilerSettings settings,
      ReconcileListener listener,
      KubernetesPorts kubernetes,
      ResourceChecks checks,
      Clock clock) {
    this.events = events;
    this.warnings = new WarningEvents(this.events);
    this.validator = checks.validator();
    this.policyStep = new PolicyStep(checks.gate());
    this.gates = new PassGates(policyStep, warnings, this.events, settings.dryRun());
    this.backoff = new FailureBackoff(settings.initialRetryDelay(), settings.maxRetryDelay());
    this.schedule = new PassSchedule(backoff, settings.resyncPeriod());
    this.clock = clock;
    this.listener = listener;
    this.statusWriter = kubernetes.status();
    IdentitySteps steps =
        IdentitySteps.wire(
            azure,
            this.events,
            settings,
            kubernetes,
            validator,
            policyStep,
            backoff,
            listener,
            clock);
    this.pass = new IdentityPass(steps, warnings);
    this.teardown = steps.teardown();
    this.migration = steps.migration(azure, settings, events, clock);
  }

  /**
   * One pass, its Azure requests with the pass's priority for the budget ({@link PassSchedule}).
   */
  @Override
  public UpdateControl<UserAssignedIdentity> reconcile(
      UserAssignedIdentity resource, Context<UserAssignedIdentity> context) {
    return RequestPass.run(PassSchedule.priority(resource), () -> reconcilePass(resource)).result();
  }

  private UpdateControl<UserAssignedIdentity> reconcilePass(UserAssignedIdentity resource) {
    StatusDraft draft = new StatusDraft(resource, clock);
    SpecValidator.Result validation = validator.validate(resource);
    SpecValidator.logUnreadable(resource);
    PassGates.Verdict gate = gates.check(resource, validation, draft);
    if (!gate.proceed()) {
      return finish(resource, draft, gate.retryAfter());
    }
    // A new place for the identity is a migration, which owns the pass until it is done; in
    // Observe and Plan, and while a plan is shown, it is one planned change.
    boolean plansFirst = ManagementMode.plansFirst(resource);
    if (validation.valid()) {
      MigrationIdentity wanted = MigrationWrites.wanted(resource, validation.ref());
      Optional<PlannedChange> move =
          plansFirst ? migration.planned(resource, wanted, draft.current()) : Optional.empty();
      if (move.isPresent()) {
        ManagementMode.Decision decision =
            ManagementMode.decide(resource, new ManagementMode.Probe(List.of(move.get()), false));
        if (decision instanceof ManagementMode.Decision.Show show) {
          showPlan(resource, draft, show.reason(), List.of(move.get()));
          return finish(resource, draft, Optional.empty());
        }
        applying(resource, decision, List.of(move.get()));
        draft.clearPlan();
      }
      Optional<MigrationStep.Pass> moving = migration.pass(resource, wanted, draft.current());
      if (moving.isPresent()) {
        draft.set(StatusDraft.IDENTITY_READY, false, moving.get().reason(), moving.get().message());
        return finish(resource, draft, Optional.empty(), moving.get().next());
      }
    }
    if (!plansFirst) {
      IdentityPass.Result made = pass.run(resource, validation, draft, Writes.make());
      return finish(resource, draft, made.retryAfter());
    }
    // Plan first; write only when the mode and the plan allow it (ManagementMode). A pass that
    // then writes reports into the same draft, so a problem both passes meet is reported once.
    IdentityPass.Result planned = pass.run(resource, validation, draft, Writes.plan());
    ManagementMode.Decision decision =
        ManagementMode.decide(
            resource, new ManagementMode.Probe(planned.changes(), planned.adopting()));
    if (decision instanceof ManagementMode.Decision.Show show) {
      showPlan(resource, draft, show.reason(), planned.changes());
      return finish(resource, draft, planned.retryAfter());
    }
    draft.clearPlan();
    if (planned.changes().isEmpty()) {
      return finish(resource, draft, planned.retryAfter()); // nothing to write: it was the pass
    }
    applying(resource, decision, planned.changes());
    IdentityPass.Result made = pass.run(resource, validation, draft, Writes.make());
    return finish(resource, draft, made.retryAfter());
  }

  /** An approved plan is carried out: said once, with what it holds. */
  private void applying(
      UserAssignedIdentity resource,
      ManagementMode.Decision decision,
      List<PlannedChange> changes) {
    if (((ManagementMode.Decision.Apply) decision).approvedPlan()) {
      events.normal(
          resource,
          "PlanApproved",
          "Applying the approved plan: "
              + changes.size()
              + " change(s), digest "
              + ManagementMode.digest(changes));
    }
  }

  /** The plan in status and in Ready; one event when it is new. */
  private void showPlan(
      UserAssignedIdentity resource,
      StatusDraft draft,
      String reason,
      List<PlannedChange> changes) {
    PlanStatus plan =
        ManagementMode.status(reason, changes, resource.getMetadata().getGeneration());
    PlanStatus shown = resource.getStatus() == null ? null : resource.getStatus().getPlan();
    String message = ManagementMode.message(reason, plan.getTotal());
    draft.showPlan(plan, message);
    boolean isNew =
        shown == null
            || !plan.getDigest().equals(shown.getDigest())
            || !reason.equals(shown.getReason());
    if (isNew && plan.getTotal() > 0) {
      events.normal(
          resource,
          ManagementMode.ADOPTION_PENDING.equals(reason)
                  || ManagementMode.PLAN_CHANGED.equals(reason)
              ? "ApprovalRequired"
              : "ChangesPlanned",
          message + "; digest " + plan.getDigest());
    }
  }

  /** Ready and kstatus from the parts; the status written if it changed; the next pass. */
  private UpdateControl<UserAssignedIdentity> finish(
      UserAssignedIdentity resource, StatusDraft draft, Optional<Duration> retry) {
    return finish(resource, draft, retry, null);
  }

  /** {@code planned}: the next pass a migration asks for, instead of the backoff's. */
  private UpdateControl<UserAssignedIdentity> finish(
      UserAssignedIdentity resource,
      StatusDraft draft,
      Optional<Duration> retry,
      Duration planned) {
    draft.summarizeReady(PARTS);
    draft.summarizeProgress(PARTS);
    Duration next =
        planned != null
            ? planned
            : schedule.next(
                ResourceID.fromResource(resource), resource.getMetadata().getUid(), retry);
    if ((!draft.changed() || PassSchedule.postponedResync()) && resource.getStatus() != null) {
      listener.reconciled(resource);
      return UpdateControl.<UserAssignedIdentity>noUpdate().rescheduleAfter(next);
    }
    resource.setStatus(draft.finish());
    listener.reconciled(resource);
    return UpdateControl.patchStatus(resource).rescheduleAfter(next);
  }

  /**
   * Deletes what the resource owns in Azure ({@link IdentityTeardown}); while the finalizer stays,
   * the status says why (Ready False with the reason, Reconciling True: the deletion goes on).
   */
  @Override
  public DeleteControl cleanup(
      UserAssignedIdentity resource, Context<UserAssignedIdentity> context) {
    IdentityTeardown.Attempt attempt = teardown.cleanup(resource, gates.pausedBecause(resource));
    attempt
        .waiting()
        .ifPresent(
            why -> {
              StatusDraft draft = new StatusDraft(resource, clock);
              String message = "Deleting: " + why.message();
              draft.set(StatusDraft.READY, false, why.reason(), message);
              draft.set(StatusDraft.RECONCILING, true, why.reason(), message);
              if (draft.changed()) {
                resource.setStatus(draft.finish());
                statusWriter.writeStatus(resource);
              }
            });
    return attempt.control();
  }

  @Override
  public ErrorStatusUpdateControl<UserAssignedIdentity> updateErrorStatus(
      UserAssignedIdentity resource, Context<UserAssignedIdentity> context, Exception e) {
    listener.failed(resource);
    return warnings.unexpectedError(resource, new StatusDraft(resource, clock), e);
  }

  /** Policy changes reconcile the resources they concern. */
  @Override
  public List<EventSource<?, UserAssignedIdentity>> prepareEventSources(
      EventSourceContext<UserAssignedIdentity> context) {
    return List.of(policyStep.triggers(context));
  }
}
