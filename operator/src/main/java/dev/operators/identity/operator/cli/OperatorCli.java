package dev.operators.identity.operator.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The jar's commands (picocli): the operator itself (no subcommand, or {@code run}), {@code import}
 * and {@code trace}.
 */
@Command(
    name = "azure-identity-operator",
    mixinStandardHelpOptions = true,
    versionProvider = OperatorCli.Version.class,
    description = {
      "Manages Azure user-assigned managed identities declared as UserAssignedIdentity resources.",
      "Without a command it runs the operator (configured by environment variables, see README)."
    })
public final class OperatorCli implements Callable<Integer> {

  /** Where log4j2.xml sends log lines: the commands that print YAML or reports use stderr. */
  static final String LOG_TARGET_PROPERTY = "azure-identity-operator.log-target";

  private final CliContext context;
  private volatile boolean operatorRan;

  private OperatorCli(CliContext context) {
    this.context = context;
  }

  /** The command line, with its subcommands, on this context. */
  public static CommandLine commandLine(CliContext context) {
    OperatorCli top = new OperatorCli(context);
    CommandLine cli = new CommandLine(top);
    cli.addSubcommand("run", new RunCommand(top));
    cli.addSubcommand("import", new ImportCommand(context));
    cli.addSubcommand("trace", new TraceCommand(context));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionStrategy(
        parsed -> {
          if (!runsTheOperator(parsed)) {
            System.setProperty(LOG_TARGET_PROPERTY, "SYSTEM_ERR");
          }
          return new CommandLine.RunLast().execute(parsed);
        });
    return cli;
  }

  /** Whether the command line ran the operator (not a help, import or trace). */
  public static boolean ranTheOperator(CommandLine cli) {
    return ((OperatorCli) cli.getCommand()).operatorRan;
  }

  private static boolean runsTheOperator(CommandLine.ParseResult parsed) {
    return !parsed.hasSubcommand() || parsed.subcommand().commandSpec().name().equals("run");
  }

  @Override
  public Integer call() throws Exception {
    return runOperator();
  }

  private int runOperator() throws Exception {
    operatorRan = true;
    return context.operator().run(context.environment());
  }

  /** {@code run}: the operator, as without a command. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = "Runs the operator (what the jar does without a command).")
  static final class RunCommand implements Callable<Integer> {
    private final OperatorCli top;

    RunCommand(OperatorCli top) {
      this.top = top;
    }

    @Override
    public Integer call() throws Exception {
      return top.runOperator();
    }
  }

  /** The jar's version, from its manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = OperatorCli.class.getPackage().getImplementationVersion();
      return new String[] {
        "azure-identity-operator " + (version == null ? "(development)" : version)
      };
    }
  }
}
