package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.FederatedCredentialStatus;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.ServiceAccountStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.IdentityPort;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.azure.RequestPass;
import dev.operators.identity.operator.support.ManagedIdentitySupport;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
          StatusDraft.ASSIGNEES_READY);

  private final SpecValidator validator;
  private final PolicyStep policyStep;
  private final PassGates gates;
  private final IdentityStep identityStep;
  private final RoleAssignmentsStep roleAssignmentsStep;
  private final AssigneesStep assigneesStep;
  private final FederatedCredentialsStep federatedCredentialsStep;
  private final ServiceAccountsStep serviceAccountsStep;
  private final ExportStep exportStep;
  private final RestrictionsStep restrictionsStep;
  private final Optional<String> oidcIssuer;
  private final WarningEvents warnings;
  private final RiskFlags riskFlags;
  private final FailureBackoff backoff;
  private final PassSchedule schedule;
  private final Clock clock;
  private final ReconcileListener listener;
  private final IdentityTeardown teardown;
  private final StatusWriter statusWriter;

  /** With {@code checks} shared with the admission webhook ({@link ResourceChecks#of}). */
  public UserAssignedIdentityReconciler(
      AzurePorts azure,
      EventRecorder events,
      ReconcilerSettings settings,
      ReconcileListener listener,
      KubernetesPorts kubernetes,
      ResourceChecks checks,
      Clock clock) {
    IdentityPort identities = azure.identities();
    Ownership ownership = new Ownership(settings.clusterName());
    this.warnings = new WarningEvents(events);
    this.riskFlags = new RiskFlags(warnings);
    this.validator = checks.validator();
    this.policyStep = new PolicyStep(checks.gate());
    this.gates = new PassGates(policyStep, warnings, events, settings.dryRun());
    this.identityStep = new IdentityStep(identities, azure.regions(), ownership, events);
    this.roleAssignmentsStep =
        new RoleAssignmentsStep(azure.roleDefinitions(), azure.roleAssignments(), events);
    this.assigneesStep =
        new AssigneesStep(
            azure.assignees(), ManagedIdentitySupport.load(), settings.cloudName(), events, clock);
    this.federatedCredentialsStep =
        new FederatedCredentialsStep(azure.federatedCredentials(), events);
    this.backoff = new FailureBackoff(settings.initialRetryDelay(), settings.maxRetryDelay());
    this.schedule = new PassSchedule(backoff, settings.resyncPeriod());
    this.clock = clock;
    this.listener = listener;
    this.statusWriter = kubernetes.status();
    this.serviceAccountsStep =
        new ServiceAccountsStep(kubernetes.serviceAccounts(), events, settings.oidcIssuer());
    this.oidcIssuer = settings.oidcIssuer();
    this.exportStep = new ExportStep(kubernetes.configMaps(), events);
    this.restrictionsStep = new RestrictionsStep(azure.assignmentRestrictions(), events);
    this.teardown =
        new IdentityTeardown(
            validator,
            identities,
            ownership,
            roleAssignmentsStep,
            assigneesStep,
            serviceAccountsStep,
            events,
            backoff,
            listener,
            kubernetes.cluster(),
            policyStep.namespaceDeletion(settings.namespaceDeletionPolicy()));
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
    UserAssignedIdentityStatus before = draft.current();
    List<RoleAssignmentStatus> previousRoles = List.copyOf(before.getRoleAssignments());
    List<AssigneeStatus> previousAssignees = List.copyOf(before.getAssignees());
    List<FederatedCredentialStatus> previousCredentials =
        List.copyOf(before.getFederatedCredentials());
    List<ServiceAccountStatus> previousAccounts = List.copyOf(before.getServiceAccounts());
    SpecValidator.Result validation = validator.validate(resource);
    SpecValidator.logUnreadable(resource);
    PassGates.Verdict gate = gates.check(resource, validation, draft);
    if (!gate.proceed()) {
      return finish(resource, draft, gate.retryAfter());
    }

    // A switch to Regional reads the declared assignees first; the assignees step reuses them.
    Optional<AssigneeObservation> early =
        validation.valid() && RegionalIsolation.switching(resource, before)
            ? Optional.of(assigneesStep.observeDeclared(resource))
            : Optional.empty();
    PartResult identity =
        validation.valid()
            ? guarded(
                () ->
                    RegionalIsolation.refuseSwitch(before, early)
                        .orElseGet(() -> reconcileIdentity(resource, validation.ref(), draft)))
            : PartResult.failed("InvalidSpec", validation.message());
    report(resource, draft, StatusDraft.IDENTITY_READY, identity);

    // The parts that build on the identity, in order; each one reads what it needs of the pass.
    List<Part> parts =
        List.of(
            new Part(
                StatusDraft.ROLE_ASSIGNMENTS_READY,
                "Role assignments",
                () -> reconcileRoleAssignments(resource, validation.ref(), draft, previousRoles)),
            new Part(
                StatusDraft.FEDERATED_CREDENTIALS_READY,
                "Federated credentials",
                () ->
                    reconcileFederatedCredentials(
                        resource, validation.ref(), draft, previousCredentials)),
            new Part(
                StatusDraft.WORKLOAD_IDENTITY_READY,
                "ServiceAccounts",
                () -> reconcileServiceAccounts(resource, draft, previousAccounts)),
            new Part(
                StatusDraft.EXPORT_READY, "The export", () -> reconcileExport(resource, draft)),
            new Part(
                StatusDraft.RESTRICTIONS_READY,
                "Assignment restrictions",
                () ->
                    guarded(
                        () ->
                            restrictionsStep.reconcile(
                                resource, validation.ref(), draft.current()))),
            new Part(
                StatusDraft.ASSIGNEES_READY,
                "Attachments",
                () -> reconcileAssignees(resource, draft, early, previousAssignees)));
    Optional<Duration> retry = identity.retryAfter();
    for (Part part : parts) {
      if (identity.ready()) {
        PartResult result = part.run().get();
        report(resource, draft, part.condition(), result);
        retry = PartResult.longestWait(retry, result.retryAfter());
      } else {
        // A consequence of the identity's problem, which has its own condition and event.
        draft.set(
            part.condition(),
            false,
            StatusDraft.WAITING_FOR_IDENTITY,
            part.noun() + " waits for the identity: " + identity.message());
      }
    }

    return finish(resource, draft, retry);
  }

  /** Ready and kstatus from the parts; the status written if it changed; the next pass. */
  private UpdateControl<UserAssignedIdentity> finish(
      UserAssignedIdentity resource, StatusDraft draft, Optional<Duration> retry) {
    draft.summarizeReady(PARTS);
    draft.summarizeProgress(PARTS);
    Duration next =
        schedule.next(ResourceID.fromResource(resource), resource.getMetadata().getUid(), retry);
    if ((!draft.changed() || PassSchedule.postponedResync()) && resource.getStatus() != null) {
      listener.reconciled(resource);
      return UpdateControl.<UserAssignedIdentity>noUpdate().rescheduleAfter(next);
    }
    resource.setStatus(draft.finish());
    listener.reconciled(resource);
    return UpdateControl.patchStatus(resource).rescheduleAfter(next);
  }

  /** One part of the resource after the identity: its condition, its name in messages, its pass. */
  private record Part(String condition, String noun, Supplier<PartResult> run) {}

  private PartResult reconcileExport(UserAssignedIdentity resource, StatusDraft draft) {
    ExportStep.Outcome export = exportStep.reconcile(resource, draft.current());
    draft.recordExport(export.exported());
    return export.part();
  }

  private PartResult reconcileIdentity(
      UserAssignedIdentity resource, IdentityRef ref, StatusDraft draft) {
    UserAssignedIdentityStatus status = draft.current();
    IdentityStep.Outcome outcome = identityStep.reconcile(resource, ref, status);
    outcome.replacedPrincipal().ifPresent(draft::addStalePrincipal);
    outcome
        .identity()
        .ifPresent(
            current -> {
              outcome
                  .replacedPrincipal()
                  .ifPresent(
                      old ->
                          warnings.recreated(resource, ref.toString(), old, current.principalId()));
              draft.recordIdentity(current);
            });
    return outcome.part();
  }

  private PartResult reconcileRoleAssignments(
      UserAssignedIdentity resource,
      IdentityRef ref,
      StatusDraft draft,
      List<RoleAssignmentStatus> previousEntries) {
    UserAssignedIdentityStatus status = draft.current();
    IdentityTeardown.StaleCleanup stale = teardown.removeStalePrincipals(resource, ref, status);
    stale.removed().forEach(draft::removeStalePrincipal);
    if (stale.failure().isPresent()) {
      return stale.failure().get();
    }
    return guarded(
        () -> {
          var outcome =
              roleAssignmentsStep.reconcile(
                  resource,
                  ref.subscriptionId(),
                  status.getPrincipalId(),
                  status.getRoleAssignmentSearchScopes());
          draft.recordRoleAssignments(outcome.entries(), outcome.searchScopes());
          warnings.roleAssignmentFailures(resource, outcome.entries(), previousEntries);
          riskFlags.privileged(resource, draft, outcome.privileged());
          return outcome.part();
        });
  }

  private PartResult reconcileFederatedCredentials(
      UserAssignedIdentity resource,
      IdentityRef ref,
      StatusDraft draft,
      List<FederatedCredentialStatus> previousEntries) {
    return guarded(
        () -> {
          var outcome =
              federatedCredentialsStep.reconcile(
                  resource, ref, ServiceAccountPlan.credentials(resource, oidcIssuer));
          draft.recordFederatedCredentials(outcome.entries());
          warnings.federatedCredentialFailures(resource, outcome.entries(), previousEntries);
          return outcome.part();
        });
  }

  private PartResult reconcileServiceAccounts(
      UserAssignedIdentity resource, StatusDraft draft, List<ServiceAccountStatus> previous) {
    var outcome = serviceAccountsStep.reconcile(resource, draft.current());
    draft.recordServiceAccounts(outcome.entries());
    warnings.serviceAccountProblems(resource, outcome.entries(), previous);
    return outcome.part();
  }

  private PartResult reconcileAssignees(
      UserAssignedIdentity resource,
      StatusDraft draft,
      Optional<AssigneeObservation> early,
      List<AssigneeStatus> previousEntries) {
    return guarded(
        () -> {
          var outcome = assigneesStep.reconcile(resource, draft.current(), early);
          draft.recordAssignees(outcome.entries());
          warnings.assigneeProblems(resource, outcome.entries(), previousEntries);
          riskFlags.ambiguous(resource, draft, outcome.ambiguous());
          return outcome.part();
        });
  }

  private void report(
      UserAssignedIdentity resource, StatusDraft draft, String type, PartResult part) {
    warnings.partFailed(
        resource, draft.set(type, part.ready(), part.reason(), part.message()), part);
  }

  /** Runs a part; Azure failures become its result instead of failing the whole reconcile. */
  private PartResult guarded(Supplier<PartResult> part) {
    try {
      return part.get();
    } catch (AzureRequestException e) {
      // The Azure request ID as a log field (JSON logs), for Azure support tickets.
      e.requestId().ifPresent(id -> MDC.put(REQUEST_ID_MDC, id));
      try {
        LOG.warn("azure call failed requestId={}: {}", e.requestId().orElse("-"), e.getMessage());
      } finally {
        MDC.remove(REQUEST_ID_MDC);
      }
      return PartResult.azureFailure(e);
    }
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
