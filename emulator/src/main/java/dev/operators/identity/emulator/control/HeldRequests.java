package dev.operators.identity.emulator.control;

import dev.operators.identity.emulator.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests a {@code HOLD_THEN_DROP} or {@code APPLY_THEN_DROP} fault holds: each waits on its own
 * serving thread until released or until its longest hold has passed, so that a test sees the
 * request held (before or after it was applied) and can act meanwhile, for example kill the caller.
 */
public final class HeldRequests {
  private final List<RecordedRequest> held = new ArrayList<>();
  private long releases;

  /** Blocks the calling (serving) thread until released or {@code maxHold} has passed. */
  public void hold(RecordedRequest request, Duration maxHold) {
    long deadline = System.nanoTime() + maxHold.toNanos();
    synchronized (this) {
      long releasedAt = releases;
      held.add(request);
      try {
        long left = deadline - System.nanoTime();
        while (releases == releasedAt && left > 0) {
          wait(Math.max(1, left / 1_000_000));
          left = deadline - System.nanoTime();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        held.remove(request);
      }
    }
  }

  /** The requests held now, oldest first. */
  public synchronized List<RecordedRequest> list() {
    return List.copyOf(held);
  }

  /** Ends every hold now: each held request is then dropped. */
  public synchronized void releaseAll() {
    releases++;
    notifyAll();
  }
}
