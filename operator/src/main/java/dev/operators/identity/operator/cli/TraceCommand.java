package dev.operators.identity.operator.cli;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.config.OperatorConfig;
import dev.operators.identity.operator.reconciler.SpecValidator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trace}: how Azure shows one identity (the identity, every role assignment of its principal
 * seen from its subscription, federated credentials, the resources carrying it), named by ARM ID or
 * by the {@code UserAssignedIdentity} that declares it (read through the kubeconfig).
 */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    description = "Shows how Azure looks for one identity: --id, or --namespace and --name.")
final class TraceCommand implements Callable<Integer> {

  /** How the report is printed. */
  enum Format {
    text,
    yaml,
    json
  }

  /** The identity, by ARM ID or by the resource that declares it. */
  static final class Target {
    @Option(names = "--id", required = true, paramLabel = "ARM_ID")
    String id;

    @ArgGroup(exclusive = false)
    Declared declared;
  }

  /** A UserAssignedIdentity in the cluster. */
  static final class Declared {
    @Option(
        names = {"-n", "--namespace"},
        required = true)
    String namespace;

    @Option(names = "--name", required = true)
    String name;
  }

  private final CliContext context;

  @Spec CommandSpec spec;

  @Mixin AzureOptions azure = new AzureOptions();

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text, yaml or json (default: ${DEFAULT-VALUE}).")
  Format format;

  TraceCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    OperatorConfig config = azure.config(context.environment());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      IdentityRef ref = target.id != null ? IdentityRef.parse(target.id) : declaredRef(config);
      AzureEstate estate = new AzureEstate(context.azure().apply(config));
      Optional<AzureIdentity> identity = estate.identity(ref.resourceId());
      if (identity.isEmpty()) {
        err.println("trace: Azure has no identity " + ref.resourceId());
        return ImportCommand.AZURE_FAILED;
      }
      TraceReport report = TraceReport.of(estate.picture(identity.get()));
      var serialization = new KubernetesSerialization();
      out.print(
          switch (format) {
            case text -> report.text();
            case yaml -> serialization.asYaml(report);
            case json -> serialization.asJson(report) + "\n";
          });
      out.flush();
      return 0;
    } catch (AzureRequestException | IllegalArgumentException e) {
      err.println("trace: " + e.getMessage());
      return ImportCommand.AZURE_FAILED;
    }
  }

  /** Where the declared resource's identity lives, as the operator works it out. */
  private IdentityRef declaredRef(OperatorConfig config) {
    UserAssignedIdentity resource;
    try (KubernetesClient client = context.kubernetes().get()) {
      resource =
          client
              .resources(UserAssignedIdentity.class)
              .inNamespace(target.declared.namespace)
              .withName(target.declared.name)
              .get();
    }
    if (resource == null) {
      throw new IllegalArgumentException(
          "no UserAssignedIdentity " + target.declared.namespace + "/" + target.declared.name);
    }
    SpecValidator.Result result =
        new SpecValidator(config.defaultSubscription()).validate(resource);
    if (!result.valid()) {
      throw new IllegalArgumentException(result.message());
    }
    return result.ref();
  }
}
