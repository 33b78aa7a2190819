package dev.operators.identity.operator;

import dev.operators.identity.operator.azure.sdk.SdkAzurePorts;
import dev.operators.identity.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the operator in a cluster: configuration from the environment (see README). */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("azure-identity-operator: invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    IdentityOperator operator =
        IdentityOperator.start(config, client, SdkAzurePorts.connect(config));
    HealthEndpoint health =
        config.healthPort() > 0
            ? HealthEndpoint.start(config.healthPort(), operator::healthy)
            : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("shutting down: letting in-flight reconciles finish");
                  operator.close();
                  if (health != null) {
                    health.close();
                  }
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }
}
