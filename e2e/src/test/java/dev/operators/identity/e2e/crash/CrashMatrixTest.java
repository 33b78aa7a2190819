package dev.operators.identity.e2e.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.operators.identity.e2e.crash.Verdict.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash matrix's short version, inside {@code mvn verify} (the full one is a separate command:
 * README, "Crash matrix"): one seed, the operator's jar killed with SIGKILL at a few writes of a
 * create and a delete, Azure lost during a delete and the Kubernetes API during a create; every
 * case converges with nothing duplicated, orphaned, stale or dangling, and the declared state
 * holds.
 */
class CrashMatrixTest {

  private static final long SEED = 37;

  /** The rows run, by change; each a kill (at a write and moment) or an outage (from a write). */
  private static final Map<Scenario.Change, List<String>> ROWS =
      Map.of(
          Scenario.Change.CREATE,
          List.of(
              "PUT identity #1 | applied, not answered",
              "PUT roleAssignment #1 | arrived, not applied",
              "status write #1 | applied, not answered",
              "Kubernetes API lost from PUT roleAssignment #1"),
          Scenario.Change.DELETE,
          List.of(
              "PATCH assignee #1 | arrived, not applied",
              "DELETE roleAssignment #1 | applied, not answered",
              "finalizer write #1 | arrived, not applied",
              "Azure lost from DELETE roleAssignment #1"));

  @TempDir Path work;

  @Test
  void killedAtItsWritesOrCutOffTheOperatorConvergesWithNothingLeftOrDoubled() {
    assumeTrue(
        Files.exists(CrashStack.operatorJar()),
        CrashStack.operatorJar() + " is built by mvn verify (or package) at the root");
    MatrixReport report = new MatrixReport();
    try (CrashStack stack = CrashStack.start(work)) {
      stack.operator().start();
      CaseRunner runner = new CaseRunner(stack);
      for (Scenario.Change change : List.of(Scenario.Change.CREATE, Scenario.Change.DELETE)) {
        Scenario scenario = Scenario.of(change, SEED);
        System.out.println(scenario.describe());
        CaseRunner.DryRun dry = runner.dryRun(scenario);
        add(report, dry.verdict());
        for (Disruption disruption : chosen(change, dry.points())) {
          add(report, runner.run(scenario, disruption));
        }
      }
    }
    System.out.print(report.render());

    assertThat(report.cases()).as(report.render()).isEqualTo(10);
    for (Outcome outcome : Outcome.values()) {
      if (outcome != Outcome.CLEAN) {
        assertThat(report.count(outcome)).as(outcome.label + "\n" + report.render()).isZero();
      }
    }
  }

  private static void add(MatrixReport report, Verdict verdict) {
    System.out.println(verdict.line());
    report.add(verdict);
  }

  /** The listed rows of the change, from the points its dry run found. */
  private static List<Disruption> chosen(Scenario.Change change, List<KillPoint> points) {
    List<Function<KillPoint, Disruption>> kinds =
        List.of(Disruption::kill, Disruption.AzureOutage::new, Disruption.KubernetesOutage::new);
    List<Disruption> chosen = new ArrayList<>();
    for (String row : ROWS.get(change)) {
      points.stream()
          .flatMap(p -> kinds.stream().map(kind -> kind.apply(p)))
          .filter(d -> d.row().equals(change.label + " | " + row))
          .findFirst()
          .ifPresentOrElse(
              chosen::add,
              () -> {
                throw new AssertionError("the dry run found no " + row + " in " + points);
              });
    }
    return chosen;
  }
}
