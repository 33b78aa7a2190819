package dev.operators.identity.emulator;

/**
 * Token-bucket sizes and refill rates of ARM's per-subscription throttling, one bucket per request
 * kind: reads (GET, HEAD), writes (PUT, PATCH, POST) and deletes (DELETE).
 */
public record ThrottlingConfig(
    int readCapacity,
    double readRefillPerSecond,
    int writeCapacity,
    double writeRefillPerSecond,
    int deleteCapacity,
    double deleteRefillPerSecond) {

  /**
   * ARM's published token-bucket limits per subscription (reads 250 / 25 per second, writes 200 /
   * 10 per second, deletes 200 / 10 per second; see "Understand how Azure Resource Manager
   * throttles requests").
   */
  public static ThrottlingConfig azureDefaults() {
    return new ThrottlingConfig(250, 25, 200, 10, 200, 10);
  }

  /** No throttling at all (buckets that never empty). */
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
}
