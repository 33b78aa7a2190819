package dev.operators.identity.operator.sweep;

import dev.operators.identity.operator.kstatus.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A sweep's conditions, kstatus-compatible like an identity's: Ready summarises, Reconciling is
 * True while a failed sweep will be retried, Stalled while the spec cannot be read. A condition's
 * lastTransitionTime moves only when its status changes.
 */
final class SweepConditions {

  static final String READY = Conditions.READY;
  static final String RECONCILING = Conditions.RECONCILING;
  static final String STALLED = Conditions.STALLED;

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
        Conditions.next(previous, READY, ready, reason, message, generation, now),
        Conditions.next(
            previous,
            RECONCILING,
            !ready && !stalled,
            !ready && !stalled ? reason : "Swept",
            !ready && !stalled ? "The sweep is retried: " + message : "No sweep pending a retry.",
            generation,
            now),
        Conditions.next(
            previous,
            STALLED,
            stalled,
            stalled ? reason : "SpecValid",
            stalled ? message : "The spec is valid.",
            generation,
            now));
  }

  static Optional<Condition> find(List<Condition> conditions, String type) {
    return Conditions.find(conditions, type);
  }
}
