package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.util.List;

/**
 * The conditions that flag a risk rather than a failure: privileged role assignments (against least
 * privilege) and resources with an ambiguous default identity. A warning when one turns on.
 */
final class RiskFlags {

  private final WarningEvents warnings;

  RiskFlags(WarningEvents warnings) {
    this.warnings = warnings;
  }

  void ambiguous(UserAssignedIdentity resource, StatusDraft draft, List<String> ambiguous) {
    if (ambiguous.isEmpty()) {
      draft.set(
          StatusDraft.AMBIGUOUS_DEFAULT_IDENTITY,
          false,
          "DefaultIdentityClear",
          "No assignee has several user-assigned identities without a system-assigned one");
      return;
    }
    String message =
        "Code on these resources that asks IMDS for a token without naming a client ID will fail"
            + " (\"Multiple user assigned identities exist\"): "
            + String.join(", ", ambiguous)
            + "; name the identity's client ID in token requests";
    warnings.flagRaised(
        resource,
        draft.set(StatusDraft.AMBIGUOUS_DEFAULT_IDENTITY, true, "SeveralUserAssigned", message),
        "AmbiguousDefaultIdentity",
        message);
  }

  void privileged(UserAssignedIdentity resource, StatusDraft draft, List<String> privileged) {
    if (privileged.isEmpty()) {
      draft.set(
          StatusDraft.PRIVILEGED_ASSIGNMENT,
          false,
          "LeastPrivilege",
          "No privileged role assignments");
      return;
    }
    String message =
        "Privileged role assignments, against least privilege: " + String.join("; ", privileged);
    warnings.flagRaised(
        resource,
        draft.set(StatusDraft.PRIVILEGED_ASSIGNMENT, true, "PrivilegedRole", message),
        "PrivilegedAssignment",
        message);
  }
}
