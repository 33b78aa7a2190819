package dev.operators.identity.e2e.crash;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * The full crash matrix, a separate command (README, "Crash matrix"): for every seed and change, a
 * dry run finds the change's writes, then the operator (its jar, as a child process) is killed at
 * each write, before it is applied and after it was applied but not answered, and started again;
 * with outages, Azure and then the Kubernetes API are lost from each Azure write on. After each
 * case, the emulator's whole inventory is diffed against the declared state. Prints every case as
 * it ends, then the matrix; exits 1 when a case went bad.
 */
@CommandLine.Command(
    name = "CrashMatrix",
    mixinStandardHelpOptions = true,
    description =
        "Kills the operator at every write of create, update and delete; prints the matrix.")
public final class CrashMatrix implements Callable<Integer> {

  @CommandLine.Option(names = "--seeds", description = "How many seeds (default: 4)")
  int seeds = 4;

  @CommandLine.Option(
      names = "--first-seed",
      description = "Seeds from this one on (default: random seeds, printed)")
  Long firstSeed;

  @CommandLine.Option(
      names = "--seed",
      split = ",",
      description = "These seeds instead (to replay a failure), e.g. --seed 3,17")
  List<Long> only = new ArrayList<>();

  @CommandLine.Option(
      names = "--change",
      split = ",",
      description = "Only these changes: ${COMPLETION-CANDIDATES}")
  List<Scenario.Change> changes = new ArrayList<>(Arrays.asList(Scenario.Change.values()));

  @CommandLine.Option(
      names = "--point",
      description = "Only points whose row contains this text, e.g. 'PUT identity'")
  String point = "";

  @CommandLine.Option(
      names = "--outage-seeds",
      description = "Outages (Azure, Kubernetes API) for this many of the seeds (default: 1)")
  int outageSeeds = 1;

  @CommandLine.Option(names = "--work", description = "Working directory (logs, kubeconfig)")
  Path work =
      Files.isDirectory(Path.of("e2e"))
          ? Path.of("e2e/target/crash-matrix")
          : Path.of("target/crash-matrix");

  public static void main(String[] args) {
    int exit = new CommandLine(new CrashMatrix()).execute(args);
    System.exit(exit);
  }

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(work);
    List<Long> seedList = new ArrayList<>(only);
    java.util.SplittableRandom random = new java.util.SplittableRandom();
    while (only.isEmpty() && seedList.size() < seeds) {
      seedList.add(firstSeed == null ? random.nextLong(1, 1L << 40) : firstSeed + seedList.size());
    }
    PrintStream out = System.out;
    out.println("crash matrix: seeds " + seedList + ", changes " + changes + ", work " + work);
    MatrixReport report =
        run(work, seedList, changes, outageSeeds, p -> p.row().contains(point), out);
    out.println();
    out.print(report.render());
    out.println("operator log: " + work.resolve("operator.log").toAbsolutePath());
    return report.failures().isEmpty() ? 0 : 1;
  }

  /** Runs the plan of every seed and change on one stack; each case printed as it ends. */
  static MatrixReport run(
      Path work,
      List<Long> seeds,
      List<Scenario.Change> changes,
      int outageSeeds,
      Predicate<KillPoint> keep,
      PrintStream out) {
    MatrixReport report = new MatrixReport();
    try (CrashStack stack = CrashStack.start(work)) {
      stack.operator().start();
      CaseRunner runner = new CaseRunner(stack);
      for (int s = 0; s < seeds.size(); s++) {
        for (Scenario.Change change : changes) {
          Scenario scenario = Scenario.of(change, seeds.get(s));
          out.println(scenario.describe());
          CaseRunner.DryRun dry = runner.dryRun(scenario);
          record(report, dry.verdict(), out);
          for (Disruption disruption : CrashPlan.of(dry.points(), s < outageSeeds, keep)) {
            record(report, runner.run(scenario, disruption), out);
          }
        }
      }
      out.println(
          "operator started "
              + stack.operator().starts()
              + " times, killed "
              + stack.operator().kills()
              + " times");
    }
    return report;
  }

  private static void record(MatrixReport report, Verdict verdict, PrintStream out) {
    report.add(verdict);
    out.println(verdict.line());
    if (verdict.bad()) {
      verdict.details().forEach(d -> out.println("    " + d));
    }
  }
}
