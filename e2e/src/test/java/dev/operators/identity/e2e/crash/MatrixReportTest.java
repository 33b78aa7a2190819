package dev.operators.identity.e2e.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.e2e.crash.Verdict.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The printed matrix: a row per point, kin together, counts per outcome, failures spelled out. */
class MatrixReportTest {

  private static Verdict verdict(String row, Set<Outcome> outcomes, String... details) {
    return new Verdict(row, "seed 9 create: x", outcomes, "", List.of(details), Duration.ZERO);
  }

  @Test
  void rowsSitWithTheirKinAndCountEachOutcome() {
    MatrixReport report = new MatrixReport();
    report.add(verdict("create | (nothing killed)", Set.of(Outcome.CLEAN)));
    report.add(
        verdict("create | PUT roleAssignment #1 | arrived, not applied", Set.of(Outcome.CLEAN)));
    report.add(verdict("create | status write #1 | arrived, not applied", Set.of(Outcome.CLEAN)));
    report.add(verdict("create | Azure lost from PUT roleAssignment #1", Set.of(Outcome.CLEAN)));
    report.add(verdict("delete | (nothing killed)", Set.of(Outcome.CLEAN)));
    // met with a later seed only
    report.add(
        verdict(
            "create | PUT roleAssignment #2 | arrived, not applied",
            Set.of(Outcome.ORPHAN, Outcome.DRIFT),
            "orphan identity /x of ns/y"));
    report.add(
        verdict("create | PUT roleAssignment #1 | arrived, not applied", Set.of(Outcome.CLEAN)));

    String printed = report.render();

    assertThat(printed.lines().map(l -> l.replaceAll(" {2,}.*$", "")).toList())
        .startsWith(
            "point (change | write | moment)",
            "create | (nothing killed)",
            "create | PUT roleAssignment #1 | arrived, not applied",
            "create | PUT roleAssignment #2 | arrived, not applied",
            "create | status write #1 | arrived, not applied",
            "create | Azure lost from PUT roleAssignment #1",
            "delete | (nothing killed)",
            "TOTAL (7 cases)");
    assertThat(printed)
        .containsPattern("create \\| PUT roleAssignment #1 \\| arrived, not applied +2 ")
        .contains("FAILED create | PUT roleAssignment #2 | arrived, not applied: seed 9 create: x")
        .contains("    orphan identity /x of ns/y");
    assertThat(report.count(Outcome.CLEAN)).isEqualTo(6);
    assertThat(report.count(Outcome.ORPHAN)).isEqualTo(1);
    assertThat(report.count(Outcome.DRIFT)).isEqualTo(1);
    assertThat(report.failures()).hasSize(1);
  }
}
