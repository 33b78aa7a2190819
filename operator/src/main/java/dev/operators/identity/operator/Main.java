package dev.operators.identity.operator;

import dev.operators.identity.operator.cli.CliContext;
import dev.operators.identity.operator.cli.OperatorCli;

/**
 * The jar's entry point: without arguments (or with {@code run}) it runs the operator, as the Helm
 * chart and the plain manifests start it; {@code import} and {@code trace} read Azure (see README,
 * "Import existing identities"). No logger here: the command chooses where logs go first.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    var cli = OperatorCli.commandLine(CliContext.ofThisProcess());
    int code = cli.execute(args);
    // The operator returns once its shutdown hook has run: exiting again would wait for it.
    if (code != 0 || !OperatorCli.ranTheOperator(cli)) {
      System.exit(code);
    }
  }
}
