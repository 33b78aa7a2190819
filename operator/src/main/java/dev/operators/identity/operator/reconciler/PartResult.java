package dev.operators.identity.operator.reconciler;

import dev.operators.identity.operator.azure.AzureRequestException;
import java.time.Duration;
import java.util.Optional;

/**
 * How one part of a resource (the identity, its role assignments, later its assignees) stands after
 * a pass: the condition to report and, when it failed for a reason that passes, that it should be
 * retried, no sooner than {@code retryAfter} (the reconciler adds backoff).
 */
record PartResult(boolean ready, String reason, String message, Optional<Duration> retryAfter) {

  static PartResult ready(String reason, String message) {
    return new PartResult(true, reason, message, Optional.empty());
  }

  /** A failure that only a change of the spec (or of Azure by someone else) can clear. */
  static PartResult failed(String reason, String message) {
    return new PartResult(false, reason, message, Optional.empty());
  }

  /** A failure that passes: retry with backoff, no sooner than {@code atLeast}. */
  static PartResult retrying(String reason, String message, Duration atLeast) {
    return new PartResult(false, reason, message, Optional.of(atLeast));
  }

  /** Azure refused or did not answer: throttling and outages are retried, refusals reported. */
  static PartResult azureFailure(AzureRequestException e) {
    Duration asked = e.retryAfter().orElse(Duration.ZERO);
    if (e.isThrottled()) {
      return retrying(
          "AzureThrottled",
          "Azure is throttling requests ("
              + e.errorCode()
              + "); retrying in "
              + asked.toSeconds()
              + "s or later: "
              + e.getMessage(),
          asked);
    }
    if (e.statusCode() == 401) {
      // The operator's own credential, not this resource: retried with backoff meanwhile.
      return retrying("AuthenticationFailed", e.getMessage(), asked);
    }
    if (e.statusCode() == -1) {
      return failed("InvalidSpec", e.getMessage());
    }
    if (e.isTransient()) {
      return retrying("AzureUnavailable", e.getMessage() + "; retrying with backoff", asked);
    }
    // A refusal (4xx) may clear on its own (a resource group created later, a permission
    // granted): retried with backoff, with Azure's code and message reported meanwhile.
    return retrying("AzureError", e.getMessage(), asked);
  }

  /** The more urgent of two retry requests. */
  static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().compareTo(b.get()) >= 0 ? a : b;
  }
}
