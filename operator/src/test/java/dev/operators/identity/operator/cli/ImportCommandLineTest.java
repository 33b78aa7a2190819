package dev.operators.identity.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The jar's command line: the operator by default, import and trace refused when ill-formed. */
class ImportCommandLineTest {

  final List<Map<String, String>> operatorRuns = new ArrayList<>();
  final StringWriter err = new StringWriter();

  CommandLine cli() {
    var context =
        new CliContext(
            Map.of("OPERATOR_CLUSTER_NAME", "c1"),
            config -> {
              throw new AssertionError("no Azure call expected");
            },
            () -> {
              throw new AssertionError("no cluster call expected");
            },
            env -> {
              operatorRuns.add(env);
              return 0;
            });
    CommandLine cli = OperatorCli.commandLine(context);
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return cli;
  }

  @Test
  void withoutArgumentsOrWithRunTheJarRunsTheOperatorOnTheEnvironment() {
    CommandLine cli = cli();
    assertThat(cli.execute()).isZero();
    assertThat(OperatorCli.ranTheOperator(cli)).isTrue();
    assertThat(cli.execute("run")).isZero();
    assertThat(OperatorCli.ranTheOperator(cli)).isTrue();
    assertThat(operatorRuns)
        .containsExactly(
            Map.of("OPERATOR_CLUSTER_NAME", "c1"), Map.of("OPERATOR_CLUSTER_NAME", "c1"));
  }

  @Test
  void helpRunsNothing() {
    CommandLine cli = cli();
    assertThat(cli.execute("--help")).isZero();
    assertThat(OperatorCli.ranTheOperator(cli)).isFalse();
    assertThat(operatorRuns).isEmpty();
  }

  @Test
  void illFormedImportsAndTracesAreRefusedBeforeAzureIsAsked() {
    String id =
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a";
    for (String[] args :
        List.of(
            new String[] {"import", "-g", "rg"},
            new String[] {"import", "--namespace", "ns", "--id", id, "-g", "rg"},
            new String[] {
              "import", "--namespace", "ns", "--id", "/subscriptions/x/resourceGroups/rg"
            },
            new String[] {"import", "--namespace", "Not_A_Label", "-g", "rg"},
            new String[] {"import", "--namespace", "ns", "--subscription", "not-a-guid"},
            new String[] {"import", "--namespace", "ns", "--mode", "Manage"},
            new String[] {"trace"},
            new String[] {"trace", "--id", id, "--namespace", "ns", "--name", "a"},
            new String[] {"trace", "--namespace", "ns"})) {
      CommandLine cli = cli();
      assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(OperatorCli.ranTheOperator(cli)).isFalse();
    }
    assertThat(operatorRuns).isEmpty();
    assertThat(err.toString())
        .contains("--namespace must be a DNS label", "--subscription must be a GUID");
  }

  @Test
  void anImportOfAResourceGroupNeedsASubscription() {
    CommandLine cli = cli();
    assertThat(cli.execute("import", "--namespace", "ns", "-g", "rg")).isEqualTo(2);
    assertThat(err.toString()).contains("name the subscription");
  }
}
