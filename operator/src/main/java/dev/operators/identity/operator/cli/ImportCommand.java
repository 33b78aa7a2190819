package dev.operators.identity.operator.cli;

import dev.operators.identity.api.v1alpha1.AzureNameRules;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code import}: existing identities as {@code UserAssignedIdentity} YAML, ready for kubectl or a
 * GitOps repository. Reads only (see {@link AzureEstate} for the requests).
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Writes UserAssignedIdentity YAML for existing identities: their role assignments (at or"
          + " below their subscription, and at management groups above it), federated"
          + " credentials and the resources of their subscription they are attached to. Each is"
          + " adopted, deletionPolicy Orphan, in the management mode given.",
      "Selects --id (repeatable), or every identity of --resource-group, or of --subscription."
    })
final class ImportCommand implements Callable<Integer> {

  static final int AZURE_FAILED = 1;

  private final CliContext context;

  @Spec CommandSpec spec;

  @Mixin AzureOptions azure = new AzureOptions();

  @Option(names = "--id", paramLabel = "ARM_ID", description = "An identity's resource ID.")
  List<String> ids = new ArrayList<>();

  @Option(
      names = {"-g", "--resource-group"},
      paramLabel = "NAME",
      description = "Every identity of this resource group (of --subscription).")
  String resourceGroup;

  @Option(
      names = {"-n", "--namespace"},
      required = true,
      paramLabel = "NAMESPACE",
      description = "The namespace of the resources written.")
  String namespace;

  @Option(
      names = "--mode",
      defaultValue = "Observe",
      paramLabel = "MODE",
      description =
          "Observe or Plan, written as spec.managementPolicy: the operator then reads and"
              + " reports, or plans, before anything is written (default: ${DEFAULT-VALUE}).")
  ManagementPolicy mode;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description = "Write one file per identity (NAME.yaml) here instead of stdout.")
  Path outputDir;

  ImportCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    checkArguments();
    OperatorConfig config = azure.config(context.environment());
    String subscription = ids.isEmpty() ? subscription(config) : null;
    PrintWriter err = spec.commandLine().getErr();
    List<ImportedIdentity> imported = new ArrayList<>();
    try {
      AzureEstate estate = new AzureEstate(context.azure().apply(config));
      List<AzureIdentity> selected =
          ids.isEmpty() ? estate.identities(subscription, resourceGroup) : byId(estate);
      for (AzureIdentity identity : selected) {
        IdentityPicture picture = estate.picture(identity);
        imported.add(picture.imported());
        long above = picture.roleAssignments().stream().filter(picture::aboveSubscription).count();
        err.printf(
            "%s: %d role assignments (%d at a management group above the subscription: a policy"
                + " must allow that scope), %d federated credentials, %d assignees%n",
            identity.resourceId(),
            picture.imported().roleAssignments().size(),
            above,
            picture.federatedCredentials().size(),
            picture.attachedTo().size());
      }
    } catch (AzureRequestException e) {
      err.println("import: " + e.getMessage());
      return AZURE_FAILED;
    }
    write(IdentityManifests.toResources(imported, namespace, mode));
    return 0;
  }

  private List<AzureIdentity> byId(AzureEstate estate) {
    List<AzureIdentity> found = new ArrayList<>();
    for (String id : ids) {
      found.add(
          estate
              .identity(id)
              .orElseThrow(
                  () ->
                      new AzureRequestException(
                          "read identity " + id,
                          404,
                          "ResourceNotFound",
                          "no such identity",
                          null,
                          null,
                          null)));
    }
    return found;
  }

  private String subscription(OperatorConfig config) {
    return config
        .defaultSubscription()
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "name the subscription: --subscription or AZURE_SUBSCRIPTION_ID"));
  }

  private void checkArguments() {
    if (!ids.isEmpty() && (resourceGroup != null || azure.subscription != null)) {
      throw new ParameterException(
          spec.commandLine(), "--id names identities: give no --resource-group or --subscription");
    }
    for (String id : ids) {
      try {
        IdentityRef.parse(id);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--id " + id + ": " + e.getMessage());
      }
    }
    if (azure.subscription != null && !azure.subscription.matches(AzureNameRules.SUBSCRIPTION_ID)) {
      throw new ParameterException(spec.commandLine(), "--subscription must be a GUID");
    }
    if (resourceGroup != null && !resourceGroup.matches(AzureNameRules.RESOURCE_GROUP)) {
      throw new ParameterException(spec.commandLine(), "--resource-group is not a group's name");
    }
    if (!namespace.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
      throw new ParameterException(spec.commandLine(), "--namespace must be a DNS label");
    }
  }

  private void write(List<UserAssignedIdentity> resources) throws IOException {
    var serialization = new KubernetesSerialization();
    if (outputDir == null) {
      PrintWriter out = spec.commandLine().getOut();
      resources.forEach(resource -> out.print(serialization.asYaml(resource)));
      out.flush();
      return;
    }
    Files.createDirectories(outputDir);
    for (UserAssignedIdentity resource : resources) {
      Path file = outputDir.resolve(resource.getMetadata().getName() + ".yaml");
      Files.writeString(file, serialization.asYaml(resource));
    }
    spec.commandLine().getErr().printf("wrote %d files to %s%n", resources.size(), outputDir);
  }
}
