package dev.operators.identity.emulator.arm;

import dev.operators.identity.emulator.IdentityProviderThrottling;
import dev.operators.identity.emulator.ThrottlingConfig;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ARM's per-subscription throttling: one token bucket per subscription and request kind. Every ARM
 * response carries the remaining count in {@code x-ms-ratelimit-remaining-subscription-<kind>}; an
 * empty bucket answers 429 {@code SubscriptionRequestsThrottled} with {@code Retry-After}. Owns the
 * managed identity provider's own throttling ({@link #identityProvider()}), reset with it.
 */
public final class ThrottlingPolicy {
  /** What unlimited buckets report as remaining (ARM's old hourly read limit, minus one). */
  private static final long UNLIMITED_REMAINING = 11999;

  private volatile ThrottlingConfig config;
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
    TokenBucket bucket =
        buckets
            .computeIfAbsent(
                subscriptionId.toLowerCase(java.util.Locale.ROOT), s -> new ConcurrentHashMap<>())
            .computeIfAbsent(
                kind, k -> new TokenBucket(k.capacity(current), k.refillPerSecond(current), clock));
    long result;
    synchronized (bucket) {
      result = bucket.take();
    }
    if (result < 0) {
      throw ArmErrors.throttled(kind.word, subscriptionId, actor, -result).header(header, "0");
    }
    return new String[] {header, Long.toString(result)};
  }
}
