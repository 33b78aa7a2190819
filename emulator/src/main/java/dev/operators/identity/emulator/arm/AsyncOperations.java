package dev.operators.identity.emulator.arm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Long-running operations polled through ARM's {@code operationresults} URLs: 202 while running,
 * then 200 (the outcome of the work, run when the operation completes).
 */
public final class AsyncOperations {
  /** Retry-After on 202s: real ARM says 15 s; kept at 1 s so SDK pollers finish quickly. */
  public static final int RETRY_AFTER_SECONDS = 1;

  private final Map<String, Operation> operations = new ConcurrentHashMap<>();
  private final Clock clock;

  public AsyncOperations(Clock clock) {
    this.clock = clock;
  }

  /** Completed operations still answer polls for this long, then are forgotten. */
  static final Duration KEEP_COMPLETED = Duration.ofHours(1);

  public record Operation(
      String id,
      String subscriptionId,
      Instant completesAt,
      Runnable completion,
      AtomicBoolean completed) {}

  public Operation start(String subscriptionId, Duration duration, Runnable completion) {
    String id = "eyJ" + UUID.randomUUID().toString().replace("-", "");
    Operation operation =
        new Operation(
            id, subscriptionId, clock.instant().plus(duration), completion, new AtomicBoolean());
    operations.put(id, operation);
    return operation;
  }

  /** The operation, completing it first if its time has come. */
  Optional<Operation> poll(String id) {
    Operation operation = operations.get(id);
    if (operation != null && done(operation)) {
      complete(operation);
    }
    return Optional.ofNullable(operation);
  }

  /** Whether the operation's time has come (by the emulator's clock). */
  public boolean done(Operation operation) {
    return !clock.instant().isBefore(operation.completesAt());
  }

  /**
   * Runs the completion of every operation that is due, once (called before each request), and
   * forgets operations completed long ago.
   */
  public void completeDue() {
    Instant forgetBefore = clock.instant().minus(KEEP_COMPLETED);
    operations.values().stream()
        .filter(op -> !op.completed().get())
        .filter(this::done)
        .forEach(this::complete);
    operations
        .values()
        .removeIf(op -> op.completed().get() && op.completesAt().isBefore(forgetBefore));
  }

  /** Runs an operation's completion exactly once, however many requests see it due. */
  private void complete(Operation operation) {
    if (operation.completed().compareAndSet(false, true)) {
      operation.completion().run();
    }
  }

  public void clear() {
    operations.clear();
  }

  public static String locationUrl(EmulatorState state, Operation operation, String apiVersion) {
    return state.baseUrl()
        + "/subscriptions/"
        + operation.subscriptionId()
        + "/operationresults/"
        + operation.id()
        + "?api-version="
        + apiVersion;
  }
}
