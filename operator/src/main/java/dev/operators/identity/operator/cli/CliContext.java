package dev.operators.identity.operator.cli;

import dev.operators.identity.operator.OperatorRun;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.sdk.SdkAzurePorts;
import dev.operators.identity.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the commands take from their surroundings: the environment (read as the operator reads it),
 * how to reach Azure, the cluster (the kubeconfig), and the operator itself. Tests give their own.
 *
 * @param azure the ports for a configuration ({@link SdkAzurePorts#connect} in the jar)
 * @param kubernetes a client of the cluster the kubeconfig names (only trace of a resource uses it)
 * @param operator runs the operator until it is stopped; returns its exit code
 */
public record CliContext(
    Map<String, String> environment,
    Function<OperatorConfig, AzurePorts> azure,
    Supplier<KubernetesClient> kubernetes,
    OperatorRunner operator) {

  /** Runs the operator with an environment. */
  @FunctionalInterface
  public interface OperatorRunner {
    int run(Map<String, String> environment) throws Exception;
  }

  public CliContext {
    environment = Map.copyOf(environment);
  }

  /** The jar's: the process environment, the Azure SDK, the kubeconfig, the real operator. */
  public static CliContext ofThisProcess() {
    return new CliContext(
        System.getenv(),
        SdkAzurePorts::connect,
        () -> new KubernetesClientBuilder().build(),
        OperatorRun::run);
  }
}
