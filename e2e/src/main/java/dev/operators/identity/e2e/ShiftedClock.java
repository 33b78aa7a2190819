package dev.operators.identity.e2e;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulator's clock in end-to-end tests: real time, which a test can move ahead (to end a
 * long-running operation it held open) instead of waiting for it.
 */
public final class ShiftedClock extends Clock {
  private final AtomicReference<Duration> ahead;
  private final ZoneId zone;

  public ShiftedClock() {
    this(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
  }

  private ShiftedClock(AtomicReference<Duration> ahead, ZoneId zone) {
    this.ahead = ahead;
    this.zone = zone;
  }

  public void moveAhead(Duration duration) {
    ahead.updateAndGet(d -> d.plus(duration));
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(ahead.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new ShiftedClock(ahead, zone);
  }
}
