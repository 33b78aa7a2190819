package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.DirectoryStatus;
import dev.operators.identity.api.v1alpha1.FederatedCredentialStatus;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.ServiceAccountStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.ArmId;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Warning event the reconciler emits, in one place: one event for a problem that is new, none
 * for the same problem on the next retry (its status condition says it meanwhile).
 */
final class WarningEvents {

  private static final Logger LOG = LoggerFactory.getLogger(WarningEvents.class);

  private final EventRecorder events;

  WarningEvents(EventRecorder events) {
    this.events = events;
  }

  /** A part's condition became not ready, or not ready for another reason. */
  void partFailed(UserAssignedIdentity resource, boolean changed, PartResult part) {
    if (changed && !part.ready()) {
      events.warning(resource, part.reason(), part.message());
    }
  }

  /** A condition that flags a risk (privileged roles, an ambiguous default identity) turned on. */
  void flagRaised(UserAssignedIdentity resource, boolean changed, String reason, String message) {
    if (changed) {
      events.warning(resource, reason, message);
    }
  }

  void recreated(
      UserAssignedIdentity resource, String identity, String oldPrincipal, String newPrincipal) {
    events.warning(
        resource,
        "Recreated",
        "Identity "
            + identity
            + " was deleted outside the operator and has been recreated; its principal ID"
            + " changed from "
            + oldPrincipal
            + " to "
            + newPrincipal);
  }

  /** Each role assignment that failed anew, not the same failure each pass. */
  void roleAssignmentFailures(
      UserAssignedIdentity resource,
      List<RoleAssignmentStatus> entries,
      List<RoleAssignmentStatus> previous) {
    warnNew(
        resource,
        entries,
        previous,
        e -> e.getState() == RoleAssignmentStatus.State.Failed,
        e -> Arrays.asList(e.getRole(), e.getScope(), e.getState(), e.getMessage()),
        e -> "RoleAssignmentFailed",
        e -> "Role " + ArmId.quote(e.getRole()) + " at " + e.getScope() + ": " + e.getMessage());
  }

  /** Each federated credential that failed anew, not the same failure each pass. */
  void federatedCredentialFailures(
      UserAssignedIdentity resource,
      List<FederatedCredentialStatus> entries,
      List<FederatedCredentialStatus> previous) {
    warnNew(
        resource,
        entries,
        previous,
        e -> e.getState() == FederatedCredentialStatus.State.Failed,
        e -> Arrays.asList(e.getName(), e.getState(), e.getMessage()),
        e -> "FederatedCredentialFailed",
        e -> "Federated credential " + e.getName() + ": " + e.getMessage());
  }

  /** Each ServiceAccount that stopped being wired, or is wired no longer for a new reason. */
  void serviceAccountProblems(
      UserAssignedIdentity resource,
      List<ServiceAccountStatus> entries,
      List<ServiceAccountStatus> previous) {
    warnNew(
        resource,
        entries,
        previous,
        e -> e.getState() != ServiceAccountStatus.State.Annotated,
        e -> Arrays.asList(e.getNamespace(), e.getName(), e.getState(), e.getMessage()),
        e -> "ServiceAccount" + e.getState(),
        e -> "ServiceAccount " + e.getNamespace() + "/" + e.getName() + ": " + e.getMessage());
  }

  /** Each assignee problem that is new (a Pending retry is no problem yet). */
  void assigneeProblems(
      UserAssignedIdentity resource, List<AssigneeStatus> entries, List<AssigneeStatus> previous) {
    warnNew(
        resource,
        entries,
        previous,
        e -> e.getMessage() != null && e.getState() != AssigneeStatus.State.Pending,
        e -> Arrays.asList(AssigneePlan.key(e.getResourceId()), e.getState(), e.getMessage()),
        e ->
            switch (e.getState()) {
              case Refused -> "AssigneeRefused";
              case Missing -> "AssigneeMissing";
              case Failed -> "AssigneeFailed";
              default -> "UnsupportedAssignee";
            },
        e -> e.getResourceId() + ": " + e.getMessage());
  }

  /** Directory entries (groups, app roles) newly missing, refused, failed or undeclared. */
  void directoryProblems(
      UserAssignedIdentity resource,
      List<DirectoryStatus.Entry> entries,
      List<DirectoryStatus.Entry> previous) {
    warnNew(
        resource,
        entries,
        previous,
        e ->
            e.getState() != DirectoryStatus.State.Ready
                && e.getState() != DirectoryStatus.State.Pending,
        e ->
            Arrays.asList(
                e.getGroupId(), e.getResource(), e.getAppRole(), e.getState(), e.getMessage()),
        e -> "Directory" + e.getState(),
        e ->
            (e.getGroupId() != null
                    ? "group " + e.getGroupId()
                    : e.getResource() + " " + e.getAppRole())
                + ": "
                + e.getMessage());
  }

  /**
   * One warning for each entry that is a problem and was not the same problem before: {@code
   * sameness} gives what makes two entries the same problem (the entry's key, state and message).
   */
  private <E> void warnNew(
      UserAssignedIdentity resource,
      List<E> entries,
      List<E> previous,
      Predicate<E> problem,
      Function<E, List<Object>> sameness,
      Function<E, String> reason,
      Function<E, String> message) {
    for (E entry : entries) {
      if (problem.test(entry)
          && previous.stream().map(sameness).noneMatch(sameness.apply(entry)::equals)) {
        events.warning(resource, reason.apply(entry), message.apply(entry));
      }
    }
  }

  /** Deletion left Azure as it is (Orphan by cascade, an unknown intent). */
  void orphaned(UserAssignedIdentity resource, String message) {
    events.warning(resource, "Orphaned", message);
  }

  void notDeleted(UserAssignedIdentity resource, String message) {
    events.warning(resource, "NotDeleted", message);
  }

  void deleteFailed(UserAssignedIdentity resource, String message) {
    events.warning(resource, "DeleteFailed", message);
  }

  void deletionDeferred(UserAssignedIdentity resource, String message) {
    events.warning(resource, "DeletionDeferred", message);
  }

  /**
   * An exception no part caught: logged with its stack trace; Ready False in status with a message
   * that has no exception class or stack trace (those are in the log); one event while it lasts.
   */
  ErrorStatusUpdateControl<UserAssignedIdentity> unexpectedError(
      UserAssignedIdentity resource, StatusDraft draft, Exception e) {
    LOG.error(
        "unexpected reconcile error namespace={} name={}",
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName(),
        e);
    String message =
        "The operator failed unexpectedly while reconciling this resource; the details are in"
            + " the operator's log (namespace and name as fields). It retries with backoff.";
    if (draft.set(StatusDraft.READY, false, "ReconcileError", message)) {
      events.warning(resource, "ReconcileError", message);
    }
    resource.setStatus(draft.finish());
    return ErrorStatusUpdateControl.patchStatus(resource);
  }
}
