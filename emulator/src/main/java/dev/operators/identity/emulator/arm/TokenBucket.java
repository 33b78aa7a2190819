package dev.operators.identity.emulator.arm;

/** A token bucket refilled continuously; thread-safe. */
final class TokenBucket {
  private final int capacity;
  private final double refillPerNano;
  private double tokens;
  private long lastRefill;

  TokenBucket(int capacity, double refillPerSecond) {
    this.capacity = capacity;
    this.refillPerNano = refillPerSecond / 1_000_000_000d;
    this.tokens = capacity;
    this.lastRefill = System.nanoTime();
  }

  /**
   * Takes a token. Returns the tokens left (&ge; 0) when one was available, otherwise {@code -n}
   * where {@code n} is the number of whole seconds (at least 1) until one will be.
   */
  synchronized long take() {
    long now = System.nanoTime();
    tokens = Math.min(capacity, tokens + (now - lastRefill) * refillPerNano);
    lastRefill = now;
    if (tokens >= 1) {
      tokens -= 1;
      return (long) Math.floor(tokens);
    }
    if (refillPerNano <= 0) {
      return -3600;
    }
    double nanosToWait = (1 - tokens) / refillPerNano;
    return -Math.max(1, (long) Math.ceil(nanosToWait / 1_000_000_000d));
  }
}
