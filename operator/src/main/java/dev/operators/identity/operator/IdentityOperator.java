package dev.operators.identity.operator;

import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.config.OperatorConfig;
import dev.operators.identity.operator.reconciler.KubernetesEventRecorder;
import dev.operators.identity.operator.reconciler.ReconcileListener;
import dev.operators.identity.operator.reconciler.ReconcilerSettings;
import dev.operators.identity.operator.reconciler.UserAssignedIdentityReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: JOSDK with one reconciler per kind, wired to a Kubernetes client and the
 * Azure ports. The one place where operator-wide settings are applied; used by {@link Main}, the
 * local runner and the tests alike.
 */
public final class IdentityOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IdentityOperator.class);

  private final Operator operator;

  private IdentityOperator(Operator operator) {
    this.operator = operator;
  }

  /** Starts reconciling; returns once the informers are running. */
  public static IdentityOperator start(
      OperatorConfig config, KubernetesClient client, AzurePorts azure) {
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    // Merge patches for status and finalizers: works on every API server,
                    // including the mock server used in tests, which has no server-side apply.
                    .withUseSSAToPatchPrimaryResource(false)
                    .withConcurrentReconciliationThreads(config.reconcileConcurrency())
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(30)));
    var settings =
        new ReconcilerSettings(
            config.clusterName(),
            config.defaultSubscription(),
            config.resyncPeriod(),
            Duration.ofSeconds(2),
            Duration.ofMinutes(5));
    var reconciler =
        new UserAssignedIdentityReconciler(
            azure,
            new KubernetesEventRecorder(client),
            settings,
            ReconcileListener.NONE,
            Clock.systemUTC());
    operator.register(
        reconciler,
        o -> {
          if (config.watchNamespaces().isEmpty()) {
            o.watchingAllNamespaces();
          } else {
            o.settingNamespaces(config.watchNamespaces());
          }
          o.withReconciliationMaxInterval(config.resyncPeriod());
        });
    operator.start();
    LOG.info(
        "operator started cluster={} namespaces={} resync={}",
        config.clusterName(),
        config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(),
        config.resyncPeriod());
    return new IdentityOperator(operator);
  }

  /** True while every informer is connected and synced. */
  public boolean healthy() {
    return operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    operator.stop();
  }
}
