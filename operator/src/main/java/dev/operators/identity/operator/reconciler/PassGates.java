package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.time.Duration;
import java.util.Optional;

/**
 * What must hold before a pass may call Azure at all, in order: the resource is not paused (nor the
 * operator in dry-run mode), and a valid spec complies with the policies selecting its namespace.
 * Each gate sets its condition on the draft; a closed gate ends the pass with the other parts'
 * conditions as they were.
 */
final class PassGates {

  /** Whether the pass goes on, and when to come back if it does not. */
  record Verdict(boolean proceed, Optional<Duration> retryAfter) {}

  private final PolicyStep policy;
  private final WarningEvents warnings;
  private final EventRecorder events;
  private final boolean dryRun;

  PassGates(PolicyStep policy, WarningEvents warnings, EventRecorder events, boolean dryRun) {
    this.policy = policy;
    this.warnings = warnings;
    this.events = events;
    this.dryRun = dryRun;
  }

  Verdict check(UserAssignedIdentity resource, SpecValidator.Result validation, StatusDraft draft) {
    Optional<String> paused = pausedBecause(resource);
    if (paused.isPresent()) {
      if (draft.set(StatusDraft.PAUSED, true, "Paused", paused.get())) {
        events.normal(resource, "Paused", paused.get());
      }
      return new Verdict(false, Optional.empty());
    }
    draft.set(StatusDraft.PAUSED, false, "NotPaused", "Azure is read and written as the spec says");
    if (!validation.valid()) {
      draft.set(StatusDraft.POLICY_COMPLIANT, false, "InvalidSpec", validation.message());
      return new Verdict(true, Optional.empty()); // the identity part reports the spec
    }
    PartResult result = policy.check(resource, validation.ref());
    warnings.partFailed(
        resource,
        draft.set(StatusDraft.POLICY_COMPLIANT, result.ready(), result.reason(), result.message()),
        result);
    // Refused before any Azure write: what the resource already has in Azure stays as it is.
    return new Verdict(result.ready(), result.retryAfter());
  }

  /** Why no Azure call may be made for the resource now, if none may. */
  Optional<String> pausedBecause(UserAssignedIdentity resource) {
    if (dryRun) {
      return Optional.of(
          "The operator runs in dry-run mode (OPERATOR_DRY_RUN): it makes no Azure call for any"
              + " resource; what is in Azure stays as it is");
    }
    if (resource.pauseRequested()) {
      return Optional.of(
          "The annotation "
              + UserAssignedIdentity.PAUSED_ANNOTATION
              + " is \"true\": no Azure call is made for this resource, and a deletion waits,"
              + " until it is removed; what is in Azure stays as it is");
    }
    return Optional.empty();
  }
}
