package dev.operators.identity.operator.reconciler;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exponential backoff per resource for failed Azure calls, reset by the first success. A {@code
 * Retry-After} from Azure always wins over the computed delay when it is longer.
 */
final class FailureBackoff {

  private final Duration initial;
  private final Duration max;
  private final Map<ResourceID, Integer> failures = new ConcurrentHashMap<>();

  FailureBackoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** One more failure for this resource. */
  Attempt failed(ResourceID resource) {
    return new Attempt(failures.merge(resource, 1, Integer::sum));
  }

  void succeeded(ResourceID resource) {
    failures.remove(resource);
  }

  /** The n-th consecutive failure. */
  final class Attempt {
    private final int number;

    private Attempt(int number) {
      this.number = number;
    }

    Duration delay(Optional<Duration> retryAfter) {
      long factor = 1L << Math.min(number - 1, 20);
      Duration computed = initial.multipliedBy(factor);
      if (computed.compareTo(max) > 0) {
        computed = max;
      }
      Duration asked = retryAfter.orElse(Duration.ZERO);
      return asked.compareTo(computed) > 0 ? asked : computed;
    }
  }
}
