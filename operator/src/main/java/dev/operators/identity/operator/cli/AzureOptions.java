package dev.operators.identity.operator.cli;

import dev.operators.identity.operator.config.OperatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a command reaches Azure: the operator's own settings ({@code AZURE_*} environment variables,
 * read by {@link OperatorConfig#fromEnvironment}), each of which an option may override. The client
 * secret is read from a file, never from the command line.
 */
final class AzureOptions {

  /** Ownership tags are never written by these commands; the configuration needs a name anyway. */
  static final String CLUSTER_NAME_WHEN_UNSET = "cli";

  @Option(
      names = "--cloud",
      paramLabel = "NAME",
      description = "AzureCloud, AzureUSGovernment, AzureChinaCloud or Custom (AZURE_CLOUD).")
  String cloud;

  @Option(
      names = "--resource-manager-endpoint",
      paramLabel = "URL",
      description = "ARM endpoint of a Custom cloud (AZURE_RESOURCE_MANAGER_ENDPOINT).")
  String resourceManagerEndpoint;

  @Option(
      names = "--authority-host",
      paramLabel = "URL",
      description = "Microsoft Entra authority of a Custom cloud (AZURE_AUTHORITY_HOST).")
  String authorityHost;

  @Option(names = "--tenant-id", paramLabel = "GUID", description = "AZURE_TENANT_ID.")
  String tenantId;

  @Option(names = "--client-id", paramLabel = "GUID", description = "AZURE_CLIENT_ID.")
  String clientId;

  @Option(
      names = "--client-secret-file",
      paramLabel = "FILE",
      description = "A file holding the client secret (instead of AZURE_CLIENT_SECRET).")
  Path clientSecretFile;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description = "An extra CA certificate to trust, for custom endpoints (AZURE_CA_CERT_FILE).")
  Path caFile;

  @Option(
      names = "--subscription",
      paramLabel = "GUID",
      description = "The subscription (AZURE_SUBSCRIPTION_ID).")
  String subscription;

  /** The operator's configuration from the environment, with these options over it. */
  OperatorConfig config(Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    env.putIfAbsent("OPERATOR_CLUSTER_NAME", CLUSTER_NAME_WHEN_UNSET);
    override(env, "AZURE_CLOUD", cloud);
    override(env, "AZURE_RESOURCE_MANAGER_ENDPOINT", resourceManagerEndpoint);
    override(env, "AZURE_AUTHORITY_HOST", authorityHost);
    override(env, "AZURE_TENANT_ID", tenantId);
    override(env, "AZURE_CLIENT_ID", clientId);
    override(env, "AZURE_CA_CERT_FILE", caFile == null ? null : caFile.toString());
    override(env, "AZURE_SUBSCRIPTION_ID", subscription);
    if (clientSecretFile != null) {
      try {
        env.put("AZURE_CLIENT_SECRET", Files.readString(clientSecretFile).strip());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + clientSecretFile, e);
      }
    }
    return OperatorConfig.fromEnvironment(env);
  }

  private static void override(Map<String, String> env, String name, String value) {
    if (value != null) {
      env.put(name, value);
    }
  }
}
