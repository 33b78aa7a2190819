package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.azure.AzureRequestException;
import java.time.Duration;
import java.util.Optional;

/**
 * How one part of a resource (the identity; later its role assignments and assignees) stands after
 * a pass: the condition to report and, when it failed for a reason that passes, when to retry.
 */
record PartResult(boolean ready, String reason, String message, Optional<Duration> retryAfter) {

  static PartResult ready(String reason, String message) {
    return new PartResult(true, reason, message, Optional.empty());
  }

  /** A failure that only a change of the spec (or of Azure by someone else) can clear. */
  static PartResult failed(String reason, String message) {
    return new PartResult(false, reason, message, Optional.empty());
  }

  static PartResult retrying(String reason, String message, Duration retryAfter) {
    return new PartResult(false, reason, message, Optional.of(retryAfter));
  }

  /** Azure refused or did not answer: throttling and outages are retried, refusals are reported. */
  static PartResult azureFailure(AzureRequestException e, FailureBackoff.Attempt attempt) {
    if (e.isThrottled()) {
      Duration wait = attempt.delay(e.retryAfter());
      return retrying(
          "AzureThrottled",
          "Azure is throttling requests ("
              + e.errorCode()
              + "); retrying in "
              + wait.toSeconds()
              + "s: "
              + e.getMessage(),
          wait);
    }
    if (e.isTransient()) {
      Duration wait = attempt.delay(e.retryAfter());
      return retrying(
          "AzureUnavailable", e.getMessage() + "; retrying in " + wait.toSeconds() + "s", wait);
    }
    // A refusal (4xx) may clear on its own (a resource group created later, a permission granted):
    // retry slowly, and report Azure's code and message meanwhile.
    return retrying("AzureError", e.getMessage(), attempt.delay(Optional.empty()));
  }
}
