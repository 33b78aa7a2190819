package dev.operators.identity.emulator.arm;

import dev.operators.identity.emulator.IdentityProviderThrottling;
import dev.operators.identity.emulator.ThrottlingConfig;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ARM's subscription throttling (ARM-FACTS "Errors, authentication, throttling"; Microsoft's
 * "Understand how Azure Resource Manager throttles requests"): one token bucket per subscription,
 * calling principal and request kind, and behind them one per subscription and kind for all its
 * principals together, {@value #SUBSCRIPTION_TOTAL_FACTOR} times as large and as fast. Every ARM
 * response carries what the caller's own bucket has left in {@code
 * x-ms-ratelimit-remaining-subscription-<kind>}; an empty bucket (the caller's or the total)
 * answers 429 {@code SubscriptionRequestsThrottled} with {@code Retry-After}. Owns the managed
 * identity provider's own throttling ({@link #identityProvider()}), reset with it.
 */
public final class ThrottlingPolicy {
  /** What unlimited buckets report as remaining (ARM's old hourly read limit, minus one). */
  private static final long UNLIMITED_REMAINING = 11999;

  /** A subscription's limit over all its principals, as a multiple of one principal's. */
  static final int SUBSCRIPTION_TOTAL_FACTOR = 15;

  /** The bucket key of a subscription's total over all principals. */
  private static final String ALL_PRINCIPALS = "*";

  private volatile ThrottlingConfig config;

  /** Keyed by subscription and principal (or {@link #ALL_PRINCIPALS}), then by request kind. */
  private final Map<String, Map<RequestKind, TokenBucket>> buckets = new ConcurrentHashMap<>();

  private final Clock clock;
  private final IdentityProviderThrottle identityProvider;

  public ThrottlingPolicy(ThrottlingConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.identityProvider =
        new IdentityProviderThrottle(() -> this.config.identityProvider(), clock);
  }

  public synchronized void reconfigure(ThrottlingConfig newConfig) {
    this.config = newConfig;
    buckets.clear();
    identityProvider.clear();
  }

  /** Switches the identity provider's own throttling, ARM's buckets left as they are. */
  public synchronized void reconfigureIdentityProvider(IdentityProviderThrottling throttling) {
    this.config = config.withIdentityProvider(throttling);
    identityProvider.clear();
  }

  public synchronized void refill() {
    buckets.clear();
    identityProvider.clear();
  }

  /** The managed identity provider's own throttling (off unless the configuration enables it). */
  public IdentityProviderThrottle identityProvider() {
    return identityProvider;
  }

  /**
   * Consumes a token for the request; returns the header to add, or throws 429.
   *
   * @return {@code {headerName, remaining}}
   */
  String[] consume(String subscriptionId, String method, String actor) {
    RequestKind kind = RequestKind.of(method);
    String header = "x-ms-ratelimit-remaining-subscription-" + kind.headerSuffix;
    ThrottlingConfig current = config;
    if (kind.isUnlimited(current)) {
      return new String[] {header, Long.toString(UNLIMITED_REMAINING)};
    }
    String subscription = subscriptionId.toLowerCase(java.util.Locale.ROOT);
    String principal = actor == null ? "anonymous" : actor.toLowerCase(java.util.Locale.ROOT);
    TokenBucket own = bucket(subscription + "|" + principal, kind, current, 1);
    TokenBucket total =
        bucket(subscription + "|" + ALL_PRINCIPALS, kind, current, SUBSCRIPTION_TOTAL_FACTOR);
    long result;
    // Both or neither: a refused request takes no token (fixed lock order: own, then total).
    synchronized (own) {
      synchronized (total) {
        long wait = Math.max(own.secondsUntilToken(), total.secondsUntilToken());
        result = wait > 0 ? -wait : own.take();
        if (wait == 0) {
          total.take();
        }
      }
    }
    if (result < 0) {
      throw ArmErrors.throttled(kind.word, subscriptionId, actor, -result).header(header, "0");
    }
    return new String[] {header, Long.toString(result)};
  }

  private TokenBucket bucket(String key, RequestKind kind, ThrottlingConfig current, int factor) {
    return buckets
        .computeIfAbsent(key, s -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            kind,
            k ->
                new TokenBucket(
                    (int) Math.min(Integer.MAX_VALUE, (long) k.capacity(current) * factor),
                    k.refillPerSecond(current) * factor,
                    clock));
  }
}
