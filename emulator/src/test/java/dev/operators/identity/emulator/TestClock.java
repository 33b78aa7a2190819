package dev.operators.identity.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until the test moves it: time-based behaviour (throttling refill,
 * long-running operations, replication delays) is then tested by advancing it, not by sleeping.
 */
final class TestClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /** Starts at the current time, so that timestamps and tokens look as usual. */
  TestClock() {
    this(new AtomicReference<>(Instant.now()), ZoneOffset.UTC);
  }

  private TestClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  void advance(Duration duration) {
    now.updateAndGet(t -> t.plus(duration));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new TestClock(now, zone);
  }
}
