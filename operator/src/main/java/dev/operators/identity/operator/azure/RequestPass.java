package dev.operators.identity.operator.azure;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The reconcile pass the Azure requests of a thread belong to: its priority for the operator's
 * request budget, and whether the budget postponed one of its requests (and for how long). The
 * reconciler opens one per pass; the SDK adapter's budget reads it when a request starts, so a pass
 * that moves to another thread (the SDK's retries) is still the same pass.
 *
 * <p>Priorities make the fair queueing of the operator: a first pass (a resource created or
 * changed, or not yet reconciled) may wait briefly for the budget; a resync of an unchanged, Ready
 * resource never waits, and leaves part of each bucket to first passes. A pass the budget postponed
 * is rescheduled after the postponement, without backoff (nothing failed), and a postponed resync
 * keeps the status it had.
 */
public final class RequestPass {

  /** The code of the answer the operator's own budget gives a request it does not send. */
  public static final String BUDGET_CODE = "OperatorRequestBudgetExhausted";

  /** How urgent a pass is for the budget. */
  public enum Priority {
    /** A resource created or changed, not yet reconciled, failing, or being deleted. */
    FIRST,
    /** The periodic comparison of an unchanged, Ready resource with Azure. */
    RESYNC
  }

  private static final ThreadLocal<RequestPass> CURRENT = new ThreadLocal<>();
  private static final RequestPass NONE = new RequestPass(Priority.FIRST);

  private final Priority priority;
  private Duration postponed;

  private RequestPass(Priority priority) {
    this.priority = priority;
  }

  /** Runs {@code pass} as a pass of this priority on this thread; returns it with its result. */
  public static <T> Outcome<T> run(Priority priority, Supplier<T> pass) {
    RequestPass previous = CURRENT.get();
    RequestPass current = new RequestPass(priority);
    CURRENT.set(current);
    try {
      return new Outcome<>(pass.get(), current);
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** The pass of this thread; outside a pass, a first pass that records nothing. */
  public static RequestPass current() {
    RequestPass pass = CURRENT.get();
    return pass == null ? NONE : pass;
  }

  public Priority priority() {
    return priority;
  }

  /** The budget did not send a request of this pass; it may be sent after {@code delay}. */
  public synchronized void postpone(Duration delay) {
    if (this == NONE) {
      return;
    }
    if (postponed == null || delay.compareTo(postponed) > 0) {
      postponed = delay;
    }
  }

  /** The longest postponement of the pass's requests, if the budget postponed any. */
  public synchronized Optional<Duration> postponed() {
    return Optional.ofNullable(postponed);
  }

  /** What a pass returned, and the pass itself (its priority, its postponement). */
  public record Outcome<T>(T result, RequestPass pass) {}
}
