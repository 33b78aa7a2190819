package dev.operators.identity.e2e.kube;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The embedded API's controllers in the background (the namespace controller, the CRD finalizer and
 * the garbage collector): one pass every {@link #PERIOD} on a daemon thread.
 */
final class BackgroundControllers implements AutoCloseable {

  static final Duration PERIOD = Duration.ofMillis(200);

  /** How long passes go on after the last deletion or the last pass that found work. */
  static final Duration AWAKE = Duration.ofSeconds(10);

  private final ScheduledExecutorService executor;
  private volatile long awakeUntilNanos;

  private BackgroundControllers(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /**
   * Runs {@code pass} every {@link #PERIOD} while awake: for {@link #AWAKE} after {@link #wake} (a
   * deletion), and for as long as a pass reports work left (a namespace or CRD terminating). Idle
   * otherwise, so the store is left alone while nothing is being deleted.
   */
  static BackgroundControllers start(BooleanSupplier pass) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "embedded-kubernetes-controllers");
              thread.setDaemon(true);
              return thread;
            });
    BackgroundControllers controllers = new BackgroundControllers(executor);
    executor.scheduleWithFixedDelay(
        () -> {
          if (System.nanoTime() - controllers.awakeUntilNanos > 0) {
            return;
          }
          try {
            if (pass.getAsBoolean()) {
              controllers.wake();
            }
          } catch (RuntimeException e) {
            // a pass that meets a half-written object tries again on the next one
            controllers.wake();
          }
        },
        PERIOD.toMillis(),
        PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
    return controllers;
  }

  /** Something was deleted: run passes for a while. */
  void wake() {
    awakeUntilNanos = System.nanoTime() + AWAKE.toNanos();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
