package dev.operators.identity.e2e.crash;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One case's result: its outcomes (one or several bad ones, or converged clean) and what the diff
 * said, to print and to replay it by.
 */
record Verdict(
    String row,
    String scenario,
    Set<Outcome> outcomes,
    String account,
    List<String> details,
    Duration took) {

  /** The matrix's columns. */
  enum Outcome {
    CLEAN("converged clean"),
    DUPLICATE("duplicate"),
    ORPHAN("orphan"),
    STALE_ASSIGNMENT("stale assignment"),
    DANGLING_ASSIGNEE("dangling assignee"),
    DRIFT("declared state violated"),
    NOT_CONVERGED("not converged"),
    NOT_REACHED("point not reached");

    final String label;

    Outcome(String label) {
      this.label = label;
    }

    /** Whether it shows an operator bug (not reaching a point is the harness's own matter). */
    boolean bad() {
      return this != CLEAN && this != NOT_REACHED;
    }
  }

  /** The outcomes of a case from whether it converged, reached its point, and the diff. */
  static Set<Outcome> outcomes(boolean converged, boolean reached, Inventory.Findings findings) {
    Set<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
    if (!reached) {
      outcomes.add(Outcome.NOT_REACHED);
    }
    if (!converged) {
      outcomes.add(Outcome.NOT_CONVERGED);
    }
    if (findings.duplicateIdentities() + findings.duplicateRoleAssignments() > 0) {
      outcomes.add(Outcome.DUPLICATE);
    }
    if (findings.orphanIdentities() > 0) {
      outcomes.add(Outcome.ORPHAN);
    }
    if (findings.staleRoleAssignments() > 0) {
      outcomes.add(Outcome.STALE_ASSIGNMENT);
    }
    if (findings.danglingAssignees() > 0) {
      outcomes.add(Outcome.DANGLING_ASSIGNEE);
    }
    if (findings.driftedResources() > 0) {
      outcomes.add(Outcome.DRIFT);
    }
    if (outcomes.stream().noneMatch(Outcome::bad)) {
      outcomes.add(Outcome.CLEAN);
    }
    return outcomes;
  }

  boolean bad() {
    return outcomes.stream().anyMatch(Outcome::bad);
  }

  /** One line per case, as the run prints it: the point, its outcomes, its time, what was done. */
  String line() {
    String what = outcomes.stream().map(o -> o.label).toList().toString();
    return String.format("%-80s %-18s %5.1fs  %s", row, what, took.toMillis() / 1000.0, account);
  }
}
