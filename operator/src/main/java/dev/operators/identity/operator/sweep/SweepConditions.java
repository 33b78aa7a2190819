package dev.operators.identity.operator.sweep;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * A sweep's conditions, kstatus-compatible like an identity's: Ready summarises, Reconciling is
 * True while a failed sweep will be retried, Stalled while the spec cannot be read. A condition's
 * lastTransitionTime moves only when its status changes.
 */
final class SweepConditions {

  static final String READY = "Ready";
  static final String RECONCILING = "Reconciling";
  static final String STALLED = "Stalled";

  private SweepConditions() {}

  /** The three conditions for a pass that ended {@code ready}, retrying or stalled. */
  static List<Condition> of(
      List<Condition> previous,
      long generation,
      boolean ready,
      boolean stalled,
      String reason,
      String message,
      Instant now) {
    return List.of(
        condition(previous, READY, ready, reason, message, generation, now),
        condition(
            previous,
            RECONCILING,
            !ready && !stalled,
            !ready && !stalled ? reason : "Swept",
            !ready && !stalled ? "The sweep is retried: " + message : "No sweep pending a retry.",
            generation,
            now),
        condition(
            previous,
            STALLED,
            stalled,
            stalled ? reason : "SpecValid",
            stalled ? message : "The spec is valid.",
            generation,
            now));
  }

  private static Condition condition(
      List<Condition> previous,
      String type,
      boolean status,
      String reason,
      String message,
      long generation,
      Instant now) {
    String value = status ? "True" : "False";
    String transition =
        find(previous, type)
            .filter(c -> value.equals(c.getStatus()) && c.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
  }

  static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
