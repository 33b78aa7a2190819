package dev.operators.identity.operator.azure.sdk;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryStrategy;
import java.time.Duration;

/**
 * Retries inside one Azure call only while the wait is short: transient failures (408, 429, 5xx,
 * lost connections) a few times with exponential backoff, honouring {@code Retry-After}. A longer
 * {@code Retry-After} is not slept through on a reconcile thread: the call fails, and the
 * reconciler reschedules the resource after that delay and says so in its status. A refusal of the
 * operator's own budget ({@link BudgetRefusal}) is never retried here.
 */
final class BoundedRetryStrategy implements RetryStrategy {

  static final int MAX_RETRIES = 3;
  static final Duration MAX_IN_CALL_WAIT = Duration.ofSeconds(5);

  private final ExponentialBackoff backoff =
      new ExponentialBackoff(MAX_RETRIES, Duration.ofMillis(400), MAX_IN_CALL_WAIT);

  @Override
  public int getMaxRetries() {
    return MAX_RETRIES;
  }

  @Override
  public Duration calculateRetryDelay(int retryAttempts) {
    return backoff.calculateRetryDelay(retryAttempts);
  }

  @Override
  public boolean shouldRetryCondition(RequestRetryCondition condition) {
    HttpResponse response = condition.getResponse();
    if (response != null) {
      if (response.getHeaders().getValue(BudgetRefusal.MARKER) != null) {
        // The operator's own budget: the pass is postponed, not slept through.
        return false;
      }
      Duration retryAfter = AzureErrors.retryAfter(response.getHeaders().getValue(RETRY_AFTER));
      if (retryAfter != null && retryAfter.compareTo(MAX_IN_CALL_WAIT) > 0) {
        return false;
      }
    }
    return backoff.shouldRetryCondition(condition);
  }

  private static final HttpHeaderName RETRY_AFTER = HttpHeaderName.RETRY_AFTER;
}
