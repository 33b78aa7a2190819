package dev.operators.identity.e2e.kube;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The embedded API's controllers in the background (the namespace controller, the CRD finalizer and
 * the garbage collector): one pass every {@link #PERIOD} on a daemon thread.
 */
final class BackgroundControllers implements AutoCloseable {

  static final Duration PERIOD = Duration.ofMillis(200);

  private final ScheduledExecutorService executor;

  private BackgroundControllers(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  static BackgroundControllers start(Runnable pass) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "embedded-kubernetes-controllers");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            pass.run();
          } catch (RuntimeException e) {
            // a pass that meets a half-written object tries again on the next one
          }
        },
        PERIOD.toMillis(),
        PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
    return new BackgroundControllers(executor);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
