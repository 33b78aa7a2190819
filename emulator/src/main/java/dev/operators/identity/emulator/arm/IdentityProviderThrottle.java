package dev.operators.identity.emulator.arm;

import dev.operators.identity.emulator.IdentityProviderThrottling;
import dev.operators.identity.emulator.http.ArmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The managed identity provider's own throttling behind ARM's buckets, as {@link
 * IdentityProviderThrottling} describes it: the handlers of identities and of their federated
 * identity credentials ask it before they act. A request takes a token from every bucket it counts
 * against, or none; thread-safe.
 */
public final class IdentityProviderThrottle {
  /**
   * The code of the provider's 429: EMULATOR-CHOSEN, unverified (no public response of the managed
   * identity provider's own throttling was found; ARM's own is {@code
   * SubscriptionRequestsThrottled}).
   */
  public static final String THROTTLED_CODE = "TooManyRequests";

  /** What a request asks of the provider, for its buckets. */
  public enum Operation {
    /** Identity PUT or PATCH, credential PUT or DELETE. */
    WRITE("write"),
    /** GET of an identity or a credential. */
    READ("read"),
    /** A list of identities or of an identity's credentials. */
    LIST("list"),
    /** Identity DELETE. */
    DELETE("delete");

    final String word;

    Operation(String word) {
      this.word = word;
    }
  }

  private final Supplier<IdentityProviderThrottling> config;
  private final Clock clock;
  private final Map<String, TokenBucket> buckets = new HashMap<>();

  IdentityProviderThrottle(Supplier<IdentityProviderThrottling> config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /** One limit a request counts against: what it names, and its rate. */
  private record Limit(String scope, String name, double perSecond) {}

  /**
   * Counts a request against its buckets, or throws the provider's 429 (nothing taken).
   *
   * @param identityId the identity addressed (a credential's parent), or {@code null} for a list
   */
  public synchronized void check(
      Operation operation, String subscriptionId, String tenantId, String identityId) {
    IdentityProviderThrottling limits = config.get();
    if (!limits.enabled()) {
      return;
    }
    List<Limit> applying = new ArrayList<>();
    switch (operation) {
      case WRITE -> {
        applying.add(
            new Limit("subscription", subscriptionId, limits.writesPerSecondPerSubscription()));
        applying.add(new Limit("tenant", tenantId, limits.writesPerSecondPerTenant()));
        applying.add(
            new Limit("managed identity", identityId, limits.writesPerSecondPerIdentity()));
      }
      case READ -> {
        applying.add(
            new Limit("subscription", subscriptionId, limits.readsPerSecondPerSubscription()));
        applying.add(new Limit("managed identity", identityId, limits.readsPerSecondPerIdentity()));
      }
      case LIST ->
          applying.add(
              new Limit("subscription", subscriptionId, limits.listsPerSecondPerSubscription()));
      case DELETE -> {
        applying.add(
            new Limit("subscription", subscriptionId, limits.deletesPerSecondPerSubscription()));
        applying.add(
            new Limit("managed identity", identityId, limits.deletesPerSecondPerIdentity()));
      }
    }
    applying.removeIf(l -> l.name() == null || !limited(l.perSecond()));
    Limit tightest = null;
    long wait = 0;
    for (Limit limit : applying) {
      long seconds = bucket(operation, limit).secondsUntilToken();
      if (seconds > wait) {
        wait = seconds;
        tightest = limit;
      }
    }
    if (tightest != null) {
      throw throttled(operation, tightest, wait);
    }
    applying.forEach(limit -> bucket(operation, limit).take());
  }

  /** A rate that limits: positive and finite (anything else is no limit). */
  private static boolean limited(double perSecond) {
    return perSecond > 0 && !Double.isInfinite(perSecond);
  }

  private TokenBucket bucket(Operation operation, Limit limit) {
    String key = operation + "|" + limit.scope() + "|" + limit.name().toLowerCase(Locale.ROOT);
    // One second's worth of requests, at least one: Microsoft publishes rates, not bucket sizes.
    int capacity = (int) Math.max(1, Math.floor(limit.perSecond()));
    return buckets.computeIfAbsent(key, k -> new TokenBucket(capacity, limit.perSecond(), clock));
  }

  /** Every bucket full again (the configuration changed, or the emulator was reset). */
  synchronized void clear() {
    buckets.clear();
  }

  private static ArmException throttled(Operation operation, Limit limit, long retryAfterSeconds) {
    return new ArmException(
            429,
            THROTTLED_CODE,
            "Number of '"
                + operation.word
                + "' requests for "
                + limit.scope()
                + " '"
                + limit.name()
                + "' exceeded the managed identity provider's limit of "
                + limit.perSecond()
                + " per second. Please try again after '"
                + retryAfterSeconds
                + "' seconds.")
        .header("Retry-After", Long.toString(retryAfterSeconds));
  }
}
