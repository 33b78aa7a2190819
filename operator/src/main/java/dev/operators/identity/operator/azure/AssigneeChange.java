package dev.operators.identity.operator.azure;

import java.time.Duration;
import java.util.Optional;

/** What an attach, a detach or a check of either found: done, or still running in Azure. */
public sealed interface AssigneeChange {

  /** The resource as it is once the change is complete. */
  record Done(AssigneeResource resource) implements AssigneeChange {}

  /** Azure is still carrying the change out: check again, no sooner than {@code retryAfter}. */
  record Running(PendingOperation operation, Optional<Duration> retryAfter)
      implements AssigneeChange {}
}
