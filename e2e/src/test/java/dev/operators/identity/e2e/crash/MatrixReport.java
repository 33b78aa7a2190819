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
    if (!rows.containsKey(verdict.row())) {
      place(verdict.row());
    }
    EnumMap<Outcome, Integer> row = rows.get(verdict.row());
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

  /**
   * A new row goes after the last one of its family (the same change and kind of write, such as
   * {@code create | PUT roleAssignment}), or else of its change and kind (nothing killed, a kill,
   * an outage): a write first met with a later seed (a third role assignment) sits with its kin.
   */
  private void place(String row) {
    List<String> order = new ArrayList<>(rows.keySet());
    int at = order.size();
    int family = -1;
    for (int i = 0; i < order.size(); i++) {
      if (group(order.get(i)) <= group(row)) {
        at = i + 1;
      }
      if (family(order.get(i)).equals(family(row))) {
        family = i + 1;
      }
    }
    at = family >= 0 ? family : at;
    order.add(at, row);
    Map<String, EnumMap<Outcome, Integer>> placed = new LinkedHashMap<>();
    order.forEach(r -> placed.put(r, rows.getOrDefault(r, new EnumMap<>(Outcome.class))));
    rows.clear();
    rows.putAll(placed);
  }

  /** The row without its write's ordinal and moment: {@code create | PUT roleAssignment}. */
  private static String family(String row) {
    return row.replaceAll(" #\\d+.*$", "");
  }

  /** The change's position, then the kind's: where a row belongs. */
  private static int group(String row) {
    int change = 0;
    for (Scenario.Change c : Scenario.Change.values()) {
      if (row.startsWith(c.label + " | ")) {
        change = c.ordinal();
      }
    }
    int kind = row.contains("(nothing killed)") ? 0 : row.contains(" lost from ") ? 2 : 1;
    return change * 3 + kind;
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
