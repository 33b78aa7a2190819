package dev.operators.identity.operator.sweep;

import dev.operators.identity.api.v1alpha1.SweepMode;
import dev.operators.identity.operator.azure.ListedAssignment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What one sweep does with each listed role assignment, decided before anything is written (pure:
 * listings, scopes and the clock in, decisions out). The deletion rule, in one place: an assignment
 * is deleted only when it lies inside the sweep's scopes, ARM reports its principal type as {@code
 * Unknown} (the principal no longer exists in the directory), the mode is Delete, and it was
 * created at least {@code minimumAge} ago (a principal just created can look unknown until the
 * directory has replicated it; its assignment is younger still). Everything outside the scopes is
 * left out of the plan altogether; a live principal's assignment is only counted.
 */
final class SweepPlan {

  /** What happens to one assignment. */
  enum Action {
    /** The principal exists: counted as scanned, nothing else. */
    KEEP,
    /** Orphaned; Report mode: listed in status. */
    REPORT,
    /** Orphaned but younger than minimumAge, or of unknown age: listed, kept. */
    TOO_YOUNG,
    /** Orphaned, old enough, Delete mode: deleted after a fresh read confirms it. */
    DELETE
  }

  record Decision(ListedAssignment listed, Action action) {
    boolean orphaned() {
      return action != Action.KEEP;
    }
  }

  private SweepPlan() {}

  static List<Decision> decide(
      Collection<ListedAssignment> listed,
      SweepScopes scopes,
      SweepMode mode,
      Duration minimumAge,
      Instant now) {
    Set<String> seen = new HashSet<>();
    List<Decision> decisions = new ArrayList<>();
    for (ListedAssignment a : listed) {
      String id = a.assignment().id();
      if (id == null
          || !scopes.contains(a.assignment().scope())
          || !seen.add(id.toLowerCase(Locale.ROOT))) {
        continue;
      }
      decisions.add(new Decision(a, action(a, mode, minimumAge, now)));
    }
    return List.copyOf(decisions);
  }

  private static Action action(
      ListedAssignment a, SweepMode mode, Duration minimumAge, Instant now) {
    if (!a.principalUnknown()) {
      return Action.KEEP;
    }
    if (mode != SweepMode.Delete) {
      return Action.REPORT;
    }
    return oldEnough(a.createdOn(), minimumAge, now) ? Action.DELETE : Action.TOO_YOUNG;
  }

  private static boolean oldEnough(Optional<Instant> createdOn, Duration minimumAge, Instant now) {
    return createdOn.map(created -> !created.plus(minimumAge).isAfter(now)).orElse(false);
  }

  /**
   * Whether a fresh read of a planned deletion still shows the same assignment orphaned inside the
   * scopes; only then is it deleted. A principal that became known meanwhile, or an assignment that
   * is gone or now names another principal, is left alone.
   */
  static boolean confirmed(
      ListedAssignment planned, Optional<ListedAssignment> fresh, SweepScopes scopes) {
    return fresh
        .filter(ListedAssignment::principalUnknown)
        .filter(f -> scopes.contains(f.assignment().scope()))
        .filter(
            f ->
                f.assignment().principalId() != null
                    && f.assignment()
                        .principalId()
                        .equalsIgnoreCase(planned.assignment().principalId()))
        .isPresent();
  }
}
