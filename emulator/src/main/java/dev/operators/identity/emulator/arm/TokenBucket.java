package dev.operators.identity.emulator.arm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** A token bucket refilled continuously as the emulator's clock advances; thread-safe. */
public final class TokenBucket {
  private final int capacity;
  private final double refillPerNano;
  private final Clock clock;
  private double tokens;
  private Instant lastRefill;

  public TokenBucket(int capacity, double refillPerSecond, Clock clock) {
    this.capacity = capacity;
    this.refillPerNano = refillPerSecond / 1_000_000_000d;
    this.clock = clock;
    this.tokens = capacity;
    this.lastRefill = clock.instant();
  }

  /** Whole seconds (at least 1) until a token is available, or 0 when one is now; takes nothing. */
  synchronized long secondsUntilToken() {
    refill();
    if (tokens >= 1) {
      return 0;
    }
    if (refillPerNano <= 0) {
      return 3600;
    }
    double nanosToWait = (1 - tokens) / refillPerNano;
    return Math.max(1, (long) Math.ceil(nanosToWait / 1_000_000_000d));
  }

  private void refill() {
    Instant now = clock.instant();
    if (now.isAfter(lastRefill)) {
      // A clock that stands still (or is set back) refills nothing.
      long elapsedNanos = Duration.between(lastRefill, now).toNanos();
      tokens = Math.min(capacity, tokens + elapsedNanos * refillPerNano);
      lastRefill = now;
    }
  }

  /**
   * Takes a token. Returns the tokens left (&ge; 0) when one was available, otherwise {@code -n}
   * where {@code n} is the number of whole seconds (at least 1) until one will be.
   */
  public synchronized long take() {
    long wait = secondsUntilToken();
    if (wait > 0) {
      return -wait;
    }
    tokens -= 1;
    return (long) Math.floor(tokens);
  }
}
