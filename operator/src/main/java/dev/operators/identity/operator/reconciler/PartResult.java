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

  /** Azure refused or did not answer: classified by {@link AzureFailures}, the one table. */
  static PartResult azureFailure(AzureRequestException e) {
    return AzureFailures.classify(e).asPart();
  }

  /**
   * The wait that honours both retry requests: the longer one (a part that asked Azure's {@code
   * Retry-After} of 30 s must not be retried sooner because another part could go again at once).
   */
  static Optional<Duration> longestWait(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().compareTo(b.get()) >= 0 ? a : b;
  }
}
