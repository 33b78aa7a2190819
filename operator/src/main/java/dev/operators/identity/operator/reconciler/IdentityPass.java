package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.FederatedCredentialStatus;
import dev.operators.identity.api.v1alpha1.PlannedChange;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.ServiceAccountStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.IdentityRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One pass over a valid or invalid spec, after the gates: the identity, then the parts that build
 * on it, each reported as its condition. Its writes go through {@link Writes}: made, or only
 * planned, in which case each part that would write says so (reason {@value #CHANGES_PLANNED}) and
 * a planned creation of the identity lets the later parts plan for the new identity.
 */
final class IdentityPass {

  /** A part's reason while its writes are planned, not made. */
  static final String CHANGES_PLANNED = "ChangesPlanned";

  /** Placeholders for what Azure gives a new identity, seen by parts that plan for it. */
  static final String NEW_CLIENT_ID = "(client ID of the new identity)";

  static final String NEW_TENANT_ID = "(tenant of the new identity)";

  /** What the pass did: when to come back, and for a planning pass, what it would write. */
  record Result(Optional<Duration> retryAfter, boolean adopting, List<PlannedChange> changes) {}

  /** One part after the identity: its condition, its name in messages, its pass. */
  private record Part(String condition, String noun, Supplier<PartResult> run) {}

  private final IdentitySteps steps;
  private final WarningEvents warnings;
  private final RiskFlags riskFlags;

  IdentityPass(IdentitySteps steps, WarningEvents warnings) {
    this.steps = steps;
    this.warnings = warnings;
    this.riskFlags = new RiskFlags(warnings);
  }

  Result run(
      UserAssignedIdentity resource,
      SpecValidator.Result validation,
      StatusDraft draft,
      Writes writes) {
    UserAssignedIdentityStatus before = draft.current();
    List<RoleAssignmentStatus> previousRoles = List.copyOf(before.getRoleAssignments());
    List<AssigneeStatus> previousAssignees = List.copyOf(before.getAssignees());
    List<FederatedCredentialStatus> previousCredentials =
        List.copyOf(before.getFederatedCredentials());
    List<ServiceAccountStatus> previousAccounts = List.copyOf(before.getServiceAccounts());

    // A switch to Regional reads the declared assignees first; the assignees step reuses them.
    Optional<AssigneeObservation> early =
        validation.valid() && RegionalIsolation.switching(resource, before)
            ? Optional.of(steps.assignees().observeDeclared(resource))
            : Optional.empty();
    IdentityStep.Outcome outcome =
        validation.valid()
            ? reconcileIdentity(resource, validation.ref(), draft, early, writes)
            : IdentityStep.Outcome.refused(PartResult.failed("InvalidSpec", validation.message()));
    PartResult identity = planned(outcome.part(), writes, 0);
    report(resource, draft, StatusDraft.IDENTITY_READY, identity);
    boolean proceed = outcome.identity().isPresent() || outcome.creationPlanned();
    // Parts that plan for an identity still to be created see what it will be.
    UserAssignedIdentityStatus seen =
        outcome.creationPlanned()
            ? prospective(before, validation.ref(), resource, outcome.replacedPrincipal())
            : draft.current();
    IdentityRef ref = validation.ref();
    boolean exists = !outcome.creationPlanned();

    List<Part> parts =
        List.of(
            new Part(
                StatusDraft.ROLE_ASSIGNMENTS_READY,
                "Role assignments",
                () -> roleAssignments(resource, ref, seen, draft, previousRoles, writes)),
            new Part(
                StatusDraft.FEDERATED_CREDENTIALS_READY,
                "Federated credentials",
                () ->
                    federatedCredentials(
                        resource, ref, exists, draft, previousCredentials, writes)),
            new Part(
                StatusDraft.WORKLOAD_IDENTITY_READY,
                "ServiceAccounts",
                () -> serviceAccounts(resource, seen, draft, previousAccounts, writes)),
            new Part(
                StatusDraft.EXPORT_READY,
                "The export",
                () -> export(resource, seen, draft, writes)),
            new Part(
                StatusDraft.RESTRICTIONS_READY,
                "Assignment restrictions",
                () ->
                    GuardedPart.run(
                        () -> steps.restrictions().reconcile(resource, ref, exists, seen, writes))),
            new Part(
                StatusDraft.ASSIGNEES_READY,
                "Attachments",
                () -> assignees(resource, seen, draft, early, previousAssignees, writes)),
            new Part(
                StatusDraft.DIRECTORY_READY,
                "The directory side",
                () -> directory(resource, seen, draft, writes)));
    Optional<Duration> retry = identity.retryAfter();
    for (Part part : parts) {
      if (proceed) {
        int recorded = writes.count();
        PartResult result = planned(part.run().get(), writes, recorded);
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
    return new Result(retry, outcome.adopting(), writes.changes());
  }

  private IdentityStep.Outcome reconcileIdentity(
      UserAssignedIdentity resource,
      IdentityRef ref,
      StatusDraft draft,
      Optional<AssigneeObservation> early,
      Writes writes) {
    UserAssignedIdentityStatus status = draft.current();
    Optional<PartResult> refused = RegionalIsolation.refuseSwitch(status, early);
    if (refused.isPresent()) {
      return IdentityStep.Outcome.refused(refused.get());
    }
    try {
      IdentityStep.Outcome outcome = steps.identity().reconcile(resource, ref, status, writes);
      if (Ownership.REFUSALS.contains(outcome.part().reason())) {
        // Not this resource's identity: what status recorded of it (read in Observe) is no claim.
        draft.forgetIdentity();
      }
      if (writes.made()) {
        outcome.replacedPrincipal().ifPresent(draft::addStalePrincipal);
      }
      outcome
          .identity()
          .ifPresent(
              current -> {
                outcome
                    .replacedPrincipal()
                    .ifPresent(
                        old ->
                            warnings.recreated(
                                resource, ref.toString(), old, current.principalId()));
                draft.recordIdentity(current);
              });
      return outcome;
    } catch (AzureRequestException e) {
      return IdentityStep.Outcome.refused(GuardedPart.failure(e));
    }
  }

  private PartResult roleAssignments(
      UserAssignedIdentity resource,
      IdentityRef ref,
      UserAssignedIdentityStatus seen,
      StatusDraft draft,
      List<RoleAssignmentStatus> previousEntries,
      Writes writes) {
    IdentityTeardown.StaleCleanup stale =
        steps.teardown().removeStalePrincipals(resource, ref, seen, writes);
    stale.removed().forEach(draft::removeStalePrincipal);
    if (stale.failure().isPresent()) {
      return stale.failure().get();
    }
    return GuardedPart.run(
        () -> {
          var outcome =
              steps
                  .roleAssignments()
                  .reconcile(
                      resource,
                      ref.subscriptionId(),
                      seen.getPrincipalId(),
                      seen.getRoleAssignmentSearchScopes(),
                      writes);
          draft.recordRoleAssignments(outcome.entries(), outcome.searchScopes());
          warnings.roleAssignmentFailures(resource, outcome.entries(), previousEntries);
          riskFlags.privileged(resource, draft, outcome.privileged());
          return outcome.part();
        });
  }

  private PartResult federatedCredentials(
      UserAssignedIdentity resource,
      IdentityRef ref,
      boolean exists,
      StatusDraft draft,
      List<FederatedCredentialStatus> previousEntries,
      Writes writes) {
    return GuardedPart.run(
        () -> {
          var outcome =
              steps
                  .federatedCredentials()
                  .reconcile(
                      resource,
                      ref,
                      draft.current().getPrincipalId(),
                      exists,
                      ServiceAccountPlan.credentials(resource, steps.oidcIssuer()),
                      writes);
          draft.recordFederatedCredentials(outcome.entries());
          warnings.federatedCredentialFailures(resource, outcome.entries(), previousEntries);
          return outcome.part();
        });
  }

  private PartResult serviceAccounts(
      UserAssignedIdentity resource,
      UserAssignedIdentityStatus seen,
      StatusDraft draft,
      List<ServiceAccountStatus> previous,
      Writes writes) {
    var outcome = steps.serviceAccounts().reconcile(resource, seen, writes);
    draft.recordServiceAccounts(outcome.entries());
    warnings.serviceAccountProblems(resource, outcome.entries(), previous);
    return outcome.part();
  }

  private PartResult export(
      UserAssignedIdentity resource,
      UserAssignedIdentityStatus seen,
      StatusDraft draft,
      Writes writes) {
    ExportStep.Outcome export = steps.export().reconcile(resource, seen, writes);
    draft.recordExport(export.exported());
    return export.part();
  }

  private PartResult assignees(
      UserAssignedIdentity resource,
      UserAssignedIdentityStatus seen,
      StatusDraft draft,
      Optional<AssigneeObservation> early,
      List<AssigneeStatus> previousEntries,
      Writes writes) {
    return GuardedPart.run(
        () -> {
          var outcome = steps.assignees().reconcile(resource, seen, early, writes);
          draft.recordAssignees(outcome.entries());
          warnings.assigneeProblems(resource, outcome.entries(), previousEntries);
          riskFlags.ambiguous(resource, draft, outcome.ambiguous());
          return outcome.part();
        });
  }

  private PartResult directory(
      UserAssignedIdentity resource,
      UserAssignedIdentityStatus seen,
      StatusDraft draft,
      Writes writes) {
    return GuardedPart.run(
        () -> {
          var before = draft.current().getDirectory();
          var outcome =
              steps.directory().reconcile(resource, seen.getPrincipalId(), before, writes);
          draft.recordDirectory(outcome.status());
          warnings.directoryProblems(
              resource, DirectoryStep.entries(outcome.status()), DirectoryStep.entries(before));
          return outcome.part();
        });
  }

  /**
   * A part that recorded changes (from {@code from} on) is not in place: it says what is planned,
   * and what else kept it from being ready.
   */
  private static PartResult planned(PartResult part, Writes writes, int from) {
    // Taking the identity over is consented to, not a difference: the part is in place without it.
    List<PlannedChange> mine =
        ManagementMode.differences(writes.changes().subList(from, writes.count()));
    if (mine.isEmpty()) {
      return part;
    }
    String listed =
        mine.stream()
            .limit(5)
            .map(c -> c.getAction() + " " + c.getKind() + " " + c.getTarget())
            .collect(Collectors.joining("; "));
    String message =
        mine.size()
            + " change(s) planned, not written: "
            + listed
            + (mine.size() > 5 ? "; ..." : "")
            + (part.ready() ? "" : ". Also: " + part.message());
    return new PartResult(false, CHANGES_PLANNED, message, part.retryAfter());
  }

  /** The identity a planned creation would give, as far as it is known before Azure makes it. */
  private static UserAssignedIdentityStatus prospective(
      UserAssignedIdentityStatus before,
      IdentityRef ref,
      UserAssignedIdentity resource,
      Optional<String> replacedPrincipal) {
    UserAssignedIdentityStatus seen = new UserAssignedIdentityStatus();
    seen.setResourceId(ref.toString());
    seen.setLocation(resource.getSpec().getLocation());
    seen.setIsolationScope(resource.getSpec().effectiveIsolationScope().orElseThrow());
    seen.setClientId(NEW_CLIENT_ID);
    seen.setTenantId(NEW_TENANT_ID);
    seen.setServiceAccounts(before.getServiceAccounts());
    seen.setAssignees(before.getAssignees());
    seen.setExportedConfigMap(before.getExportedConfigMap());
    seen.setRoleAssignmentSearchScopes(before.getRoleAssignmentSearchScopes());
    List<String> stale = new ArrayList<>(before.getStalePrincipalIds());
    replacedPrincipal.filter(p -> !stale.contains(p)).ifPresent(stale::add);
    seen.setStalePrincipalIds(stale);
    return seen;
  }

  private void report(
      UserAssignedIdentity resource, StatusDraft draft, String type, PartResult part) {
    boolean changed = draft.set(type, part.ready(), part.reason(), part.message());
    if (!CHANGES_PLANNED.equals(part.reason())) {
      warnings.partFailed(resource, changed, part); // a plan has its own event
    }
  }
}
