package dev.operators.identity.emulator;

import java.util.Objects;

/**
 * Token-bucket sizes and refill rates of ARM's per-subscription throttling, one bucket per request
 * kind: reads (GET, HEAD), writes (PUT, PATCH, POST) and deletes (DELETE); and the managed identity
 * provider's own throttling behind them ({@link IdentityProviderThrottling}, off unless set).
 */
public record ThrottlingConfig(
    int readCapacity,
    double readRefillPerSecond,
    int writeCapacity,
    double writeRefillPerSecond,
    int deleteCapacity,
    double deleteRefillPerSecond,
    IdentityProviderThrottling identityProvider) {

  public ThrottlingConfig {
    identityProvider =
        Objects.requireNonNullElse(identityProvider, IdentityProviderThrottling.off());
  }

  /** ARM's buckets only: the identity provider's throttling off. */
  public ThrottlingConfig(
      int readCapacity,
      double readRefillPerSecond,
      int writeCapacity,
      double writeRefillPerSecond,
      int deleteCapacity,
      double deleteRefillPerSecond) {
    this(
        readCapacity,
        readRefillPerSecond,
        writeCapacity,
        writeRefillPerSecond,
        deleteCapacity,
        deleteRefillPerSecond,
        IdentityProviderThrottling.off());
  }

  /**
   * ARM's published token-bucket limits per subscription (reads 250 / 25 per second, writes 200 /
   * 10 per second, deletes 200 / 10 per second; see "Understand how Azure Resource Manager
   * throttles requests"); the identity provider's own throttling off.
   */
  public static ThrottlingConfig azureDefaults() {
    return new ThrottlingConfig(250, 25, 200, 10, 200, 10);
  }

  /** No throttling at all (buckets that never empty, the identity provider's throttling off). */
  public static ThrottlingConfig unlimited() {
    return new ThrottlingConfig(
        Integer.MAX_VALUE,
        Double.POSITIVE_INFINITY,
        Integer.MAX_VALUE,
        Double.POSITIVE_INFINITY,
        Integer.MAX_VALUE,
        Double.POSITIVE_INFINITY);
  }

  /** Same limit for every kind of request. */
  public static ThrottlingConfig uniform(int capacity, double refillPerSecond) {
    return new ThrottlingConfig(
        capacity, refillPerSecond, capacity, refillPerSecond, capacity, refillPerSecond);
  }

  /** These ARM buckets with the identity provider's throttling as given. */
  public ThrottlingConfig withIdentityProvider(IdentityProviderThrottling throttling) {
    return new ThrottlingConfig(
        readCapacity,
        readRefillPerSecond,
        writeCapacity,
        writeRefillPerSecond,
        deleteCapacity,
        deleteRefillPerSecond,
        throttling);
  }
}
