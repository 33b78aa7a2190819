package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.AssigneeStatus;
import dev.operators.identity.api.v1alpha1.FederatedCredentialStatus;
import dev.operators.identity.api.v1alpha1.RoleAssignmentStatus;
import dev.operators.identity.api.v1alpha1.ServiceAccountStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.ArmId;
import java.util.List;
import java.util.Objects;

/**
 * Every Warning event the reconciler emits, in one place: one event for a problem that is new, none
 * for the same problem on the next retry (its status condition says it meanwhile).
 */
final class WarningEvents {

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
    for (RoleAssignmentStatus entry : entries) {
      if (entry.getState() != RoleAssignmentStatus.State.Failed) {
        continue;
      }
      boolean known =
          previous.stream()
              .anyMatch(
                  p ->
                      Objects.equals(p.getRole(), entry.getRole())
                          && Objects.equals(p.getScope(), entry.getScope())
                          && p.getState() == RoleAssignmentStatus.State.Failed
                          && Objects.equals(p.getMessage(), entry.getMessage()));
      if (!known) {
        events.warning(
            resource,
            "RoleAssignmentFailed",
            "Role "
                + ArmId.quote(entry.getRole())
                + " at "
                + entry.getScope()
                + ": "
                + entry.getMessage());
      }
    }
  }

  /** Each federated credential that failed anew, not the same failure each pass. */
  void federatedCredentialFailures(
      UserAssignedIdentity resource,
      List<FederatedCredentialStatus> entries,
      List<FederatedCredentialStatus> previous) {
    for (FederatedCredentialStatus entry : entries) {
      if (entry.getState() != FederatedCredentialStatus.State.Failed) {
        continue;
      }
      boolean known =
          previous.stream()
              .anyMatch(
                  p ->
                      Objects.equals(p.getName(), entry.getName())
                          && p.getState() == FederatedCredentialStatus.State.Failed
                          && Objects.equals(p.getMessage(), entry.getMessage()));
      if (!known) {
        events.warning(
            resource,
            "FederatedCredentialFailed",
            "Federated credential " + entry.getName() + ": " + entry.getMessage());
      }
    }
  }

  /** Each ServiceAccount that stopped being wired, or is wired no longer for a new reason. */
  void serviceAccountProblems(
      UserAssignedIdentity resource,
      List<ServiceAccountStatus> entries,
      List<ServiceAccountStatus> previous) {
    for (ServiceAccountStatus entry : entries) {
      if (entry.getState() == ServiceAccountStatus.State.Annotated) {
        continue;
      }
      boolean known =
          previous.stream()
              .anyMatch(
                  p ->
                      Objects.equals(p.getNamespace(), entry.getNamespace())
                          && Objects.equals(p.getName(), entry.getName())
                          && p.getState() == entry.getState()
                          && Objects.equals(p.getMessage(), entry.getMessage()));
      if (!known) {
        events.warning(
            resource,
            "ServiceAccount" + entry.getState(),
            "ServiceAccount "
                + entry.getNamespace()
                + "/"
                + entry.getName()
                + ": "
                + entry.getMessage());
      }
    }
  }

  /** Each assignee problem that is new (a Pending retry is no problem yet). */
  void assigneeProblems(
      UserAssignedIdentity resource, List<AssigneeStatus> entries, List<AssigneeStatus> previous) {
    for (AssigneeStatus entry : entries) {
      if (entry.getMessage() == null || entry.getState() == AssigneeStatus.State.Pending) {
        continue;
      }
      boolean known =
          previous.stream()
              .anyMatch(
                  p ->
                      AssigneePlan.key(p.getResourceId())
                              .equals(AssigneePlan.key(entry.getResourceId()))
                          && p.getState() == entry.getState()
                          && Objects.equals(p.getMessage(), entry.getMessage()));
      if (!known) {
        String reason =
            switch (entry.getState()) {
              case Refused -> "AssigneeRefused";
              case Missing -> "AssigneeMissing";
              case Failed -> "AssigneeFailed";
              default -> "UnsupportedAssignee";
            };
        events.warning(resource, reason, entry.getResourceId() + ": " + entry.getMessage());
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

  void reconcileError(UserAssignedIdentity resource, boolean changed, String message) {
    if (changed) {
      events.warning(resource, "ReconcileError", message);
    }
  }
}
