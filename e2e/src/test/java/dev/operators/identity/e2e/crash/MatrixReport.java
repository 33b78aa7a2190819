package dev.operators.identity.e2e.crash;

import dev.operators.identity.e2e.crash.Verdict.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The crash matrix: rows are points (change, write, moment), columns outcomes, cells counts. */
final class MatrixReport {

  private static final Map<Outcome, String> HEADERS =
      Map.of(
          Outcome.CLEAN, "clean",
          Outcome.DUPLICATE, "duplicate",
          Outcome.ORPHAN, "orphan",
          Outcome.STALE_ASSIGNMENT, "stale RA",
          Outcome.DANGLING_ASSIGNEE, "dangling",
          Outcome.DRIFT, "drift",
          Outcome.NOT_CONVERGED, "not conv.",
          Outcome.NOT_REACHED, "unreached");

  private final Map<String, EnumMap<Outcome, Integer>> rows = new LinkedHashMap<>();
  private final EnumMap<Outcome, Integer> totals = new EnumMap<>(Outcome.class);
  private final List<Verdict> failures = new ArrayList<>();
  private Duration time = Duration.ZERO;
  private int cases;

  synchronized void add(Verdict verdict) {
    EnumMap<Outcome, Integer> row =
        rows.computeIfAbsent(verdict.row(), r -> new EnumMap<>(Outcome.class));
    for (Outcome outcome : verdict.outcomes()) {
      row.merge(outcome, 1, Integer::sum);
      totals.merge(outcome, 1, Integer::sum);
    }
    if (verdict.bad()) {
      failures.add(verdict);
    }
    time = time.plus(verdict.took());
    cases++;
  }

  synchronized int count(Outcome outcome) {
    return totals.getOrDefault(outcome, 0);
  }

  /** Cases with a bad outcome, with their seeds and the diff's details. */
  synchronized List<Verdict> failures() {
    return List.copyOf(failures);
  }

  synchronized int cases() {
    return cases;
  }

  /** The table, then a line per failed case with its seed and what the diff found. */
  synchronized String render() {
    int width =
        Math.max(
            rows.keySet().stream().mapToInt(String::length).max().orElse(10),
            "TOTAL (9999 cases)".length());
    StringBuilder out = new StringBuilder();
    String cell = "%11s";
    out.append(String.format("%-" + width + "s", "point (change | write | moment)"));
    for (Outcome outcome : Outcome.values()) {
      out.append(String.format(cell, HEADERS.get(outcome)));
    }
    out.append('\n');
    rows.forEach((row, counts) -> out.append(line(width, row, counts, cell)));
    out.append(line(width, "TOTAL (" + cases + " cases)", totals, cell));
    out.append(
        String.format(
            "%d cases in %d s; columns: converged clean, duplicate identities or role assignments,"
                + " orphan identities, role assignments of principals that no longer exist,"
                + " assignees pointing at deleted identities, declared state violated, not"
                + " converged (or its clean-up deletion stuck), point not reached%n",
            cases, time.toSeconds()));
    for (Verdict failure : failures) {
      out.append("FAILED ").append(failure.row()).append(": ").append(failure.scenario());
      out.append('\n');
      failure.details().forEach(d -> out.append("    ").append(d).append('\n'));
    }
    return out.toString();
  }

  private static String line(int width, String row, Map<Outcome, Integer> counts, String cell) {
    StringBuilder line = new StringBuilder(String.format("%-" + width + "s", row));
    for (Outcome outcome : Outcome.values()) {
      int count = counts.getOrDefault(outcome, 0);
      line.append(String.format(cell, count == 0 && outcome != Outcome.CLEAN ? "." : count));
    }
    return line.append('\n').toString();
  }
}
