package dev.operators.identity.operator;

import dev.operators.identity.operator.azure.sdk.SdkAzurePorts;
import dev.operators.identity.operator.config.OperatorConfig;
import dev.operators.identity.operator.kube.OperatorClients;
import dev.operators.identity.operator.metrics.OperatorMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the operator in a cluster until SIGTERM: configuration from the environment (see README).
 * What the jar does without arguments, or with {@code run}.
 */
public final class OperatorRun {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorRun.class);

  /** The exit code of an invalid configuration. */
  public static final int INVALID_CONFIGURATION = 2;

  private OperatorRun() {}

  /** Runs until stopped; returns the exit code (0 once stopped by SIGTERM). */
  public static int run(Map<String, String> environment) throws Exception {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment(environment);
    } catch (IllegalArgumentException e) {
      System.err.println("azure-identity-operator: invalid configuration: " + e.getMessage());
      return INVALID_CONFIGURATION;
    }
    KubernetesClient client = OperatorClients.builder().build();
    OperatorMetrics metrics = OperatorMetrics.create();
    // Probes and metrics answer from the start: not ready until the informers have synced.
    AtomicReference<IdentityOperator> running = new AtomicReference<>();
    HealthEndpoint health =
        config.healthPort() > 0
            ? HealthEndpoint.start(
                config.healthPort(),
                () -> running.get() == null || running.get().live(),
                () -> running.get() != null && running.get().healthy(),
                metrics::scrape)
            : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> shutDown(running.get(), health, metrics, client, stopped), "shutdown"));
    running.set(IdentityOperator.start(config, client, SdkAzurePorts.connect(config), metrics));
    stopped.await();
    return 0;
  }

  /**
   * On SIGTERM: stop taking work and let in-flight reconciles finish (JOSDK waits up to the
   * termination timeout), give up the lease so another replica takes over at once, then stop
   * serving probes and metrics, and close the client last: the operator needs it until it stopped.
   */
  private static void shutDown(
      IdentityOperator operator,
      HealthEndpoint health,
      OperatorMetrics metrics,
      KubernetesClient client,
      CountDownLatch stopped) {
    LOG.info("shutting down: letting in-flight reconciles finish");
    try {
      if (operator != null) {
        operator.close();
      }
    } catch (RuntimeException e) {
      LOG.warn("operator did not stop cleanly: {}", e.toString());
    } finally {
      if (health != null) {
        health.close();
      }
      metrics.close();
      client.close();
      LOG.info("stopped");
      stopped.countDown();
    }
  }
}
