package dev.operators.identity.emulator.resources;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The lock each identity's federated identity credentials are written under: Azure refuses a write
 * (PUT or DELETE) of a credential while another write of the same identity's credentials runs (409
 * {@code ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity}).
 *
 * <p>What "runs" means here, deterministically: a write holds its identity's lock while the
 * emulator serves it and, once it changed something, for {@link #hold()} after it started, measured
 * on the emulator's clock (50 ms unless set). A write that finds the lock held is refused; a
 * refused write holds nothing. On a test clock that stands still, two writes overlap until the test
 * moves the clock by the hold; on the system clock, writes sent one after another at least the hold
 * apart never overlap.
 */
final class CredentialWriteLocks {
  /** How long a write holds its identity's lock unless set otherwise. */
  static final Duration DEFAULT_HOLD = Duration.ofMillis(50);

  private final Map<String, Instant> heldUntil = new HashMap<>();
  private final Set<String> writing = new HashSet<>();
  private volatile Duration hold = DEFAULT_HOLD;

  /** A lock taken: whose, and when the write started. */
  record Held(String identityKey, Instant start) {}

  Duration hold() {
    return hold;
  }

  void hold(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("the lock duration must not be negative: " + duration);
    }
    this.hold = duration;
  }

  /** Takes the identity's lock for a write starting now; empty when another write holds it. */
  synchronized Optional<Held> tryAcquire(String identityKey, Instant now) {
    Instant until = heldUntil.get(identityKey);
    if (writing.contains(identityKey) || (until != null && now.isBefore(until))) {
      return Optional.empty();
    }
    writing.add(identityKey);
    return Optional.of(new Held(identityKey, now));
  }

  /** Ends a write: one that changed something keeps the lock until its hold has passed. */
  synchronized void release(Held held, boolean changed) {
    writing.remove(held.identityKey());
    if (changed) {
      heldUntil.put(held.identityKey(), held.start().plus(hold));
    }
  }

  /** Forgets an identity's lock (the identity is gone). */
  synchronized void forget(String identityKey) {
    heldUntil.remove(identityKey);
  }

  /** Forgets every lock (the emulator was reset). */
  synchronized void clear() {
    heldUntil.clear();
    writing.clear();
  }
}
