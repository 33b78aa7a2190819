package dev.operators.identity.operator;

import dev.operators.identity.operator.admission.AdmissionDecision;
import dev.operators.identity.operator.admission.AdmissionEndpoint;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.azure.view.AzureView;
import dev.operators.identity.operator.config.OperatorConfig;
import dev.operators.identity.operator.kube.PrunedCache;
import dev.operators.identity.operator.metrics.OperatorMetrics;
import dev.operators.identity.operator.reconciler.KubernetesEventRecorder;
import dev.operators.identity.operator.reconciler.KubernetesPorts;
import dev.operators.identity.operator.reconciler.ReconcileTriggers;
import dev.operators.identity.operator.reconciler.ReconcilerSettings;
import dev.operators.identity.operator.reconciler.ResourceChecks;
import dev.operators.identity.operator.reconciler.UserAssignedIdentityReconciler;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: JOSDK with one reconciler per kind, wired to a Kubernetes client and the
 * Azure ports, and the admission webhook judging writes with the reconciler's own checks. The one
 * place where operator-wide settings are applied; used by {@link OperatorRun}, the local runner and
 * the tests alike.
 */
public final class IdentityOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IdentityOperator.class);

  /** How long a stop waits for in-flight reconciles before it interrupts them. */
  static final Duration RECONCILIATION_TERMINATION_TIMEOUT = Duration.ofSeconds(30);

  private final Operator operator;
  private final KubernetesClient client;
  private final OperatorConfig.LeaderElection election;
  private final String leaseName;
  private final OperatorMetrics metrics;
  private final boolean ownsMetrics;
  private final AtomicBoolean stopping;
  private final AtomicBoolean leading;
  private final Optional<AdmissionEndpoint> webhook;

  private IdentityOperator(
      Operator operator,
      KubernetesClient client,
      OperatorConfig.LeaderElection election,
      String leaseName,
      OperatorMetrics metrics,
      boolean ownsMetrics,
      AtomicBoolean stopping,
      AtomicBoolean leading,
      Optional<AdmissionEndpoint> webhook) {
    this.operator = operator;
    this.client = client;
    this.election = election;
    this.leaseName = leaseName;
    this.metrics = metrics;
    this.ownsMetrics = ownsMetrics;
    this.stopping = stopping;
    this.leading = leading;
    this.webhook = webhook;
  }

  /** Starts reconciling, with metrics of its own; returns once the informers are running. */
  public static IdentityOperator start(
      OperatorConfig config, KubernetesClient client, AzurePorts azure) {
    return start(config, client, azure, OperatorMetrics.create(), true);
  }

  /**
   * Starts reconciling, recording into {@code metrics} (which the caller closes); returns once the
   * informers are running. With leader election, a replica that does not hold the lease returns
   * too: its informers run, and it reconciles once it acquires the lease.
   */
  public static IdentityOperator start(
      OperatorConfig config, KubernetesClient client, AzurePorts azure, OperatorMetrics metrics) {
    return start(config, client, azure, metrics, false);
  }

  private static IdentityOperator start(
      OperatorConfig config,
      KubernetesClient client,
      AzurePorts ports,
      OperatorMetrics metrics,
      boolean ownsMetrics) {
    // Observed by listing per scope, once per resync period, shared by every resource.
    AzurePorts azure =
        AzureView.over(
            ports, config.resyncPeriod(), config.credentialAuditPeriod(), Clock.systemUTC());
    AtomicBoolean stopping = new AtomicBoolean();
    AtomicBoolean leading = new AtomicBoolean(!config.leaderElection().enabled());
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  // Merge patches for status and finalizers: works on every API server,
                  // including the mock server used in tests, which has no server-side apply.
                  .withUseSSAToPatchPrimaryResource(false)
                  // One queue, no priorities: fair queueing comes from the request budget
                  // (reconciler/PassSchedule): resyncs never wait for it, a pass whose
                  // subscription is out of budget gives its thread back and is rescheduled.
                  .withConcurrentReconciliationThreads(config.reconcileConcurrency())
                  .withReconciliationTerminationTimeout(RECONCILIATION_TERMINATION_TIMEOUT)
                  .withMetrics(metrics.reconciles());
              leaderElection(
                  o, config.leaderElection(), config.shard().leaseName(), stopping, leading);
            });
    var settings =
        new ReconcilerSettings(
            config.clusterName(),
            config.defaultSubscription(),
            config.resyncPeriod(),
            Duration.ofSeconds(2),
            Duration.ofMinutes(5),
            config.cloud().name(),
            config.namespaceDeletionPolicy(),
            config.issuer(),
            config.policyDefault(),
            config.dryRun(),
            config.allowRoleAssignableGroups());
    KubernetesPorts kubernetes = KubernetesPorts.on(client, config.watchNamespaces().isEmpty());
    ResourceChecks checks = ResourceChecks.of(settings, azure, kubernetes);
    var reconciler =
        new UserAssignedIdentityReconciler(
            azure,
            new KubernetesEventRecorder(client),
            settings,
            metrics.gauges(),
            kubernetes,
            checks,
            Clock.systemUTC());
    Optional<AdmissionEndpoint> webhook =
        startWebhook(config.webhook(), client, kubernetes, checks);
    operator.register(
        reconciler,
        o -> {
          KindRegistrations.watchNamespaces(o, config);
          config.shard().selector().ifPresent(o::withLabelSelector);
          o.withReconciliationMaxInterval(config.resyncPeriod());
          // Generation-aware filtering would ignore the adoption annotation (metadata only):
          // the triggers are explicit instead.
          o.withGenerationAware(false);
          o.withOnUpdateFilter(new ReconcileTriggers());
          o.withItemStore(PrunedCache.withoutManagedFields());
          // The informer's first list (and any relist) in chunks: on a real API server an estate
          // of 10,000 is one answer of some 15 MB otherwise, read whole into the heap.
          o.withInformerListLimit(KindRegistrations.LIST_CHUNK);
        });
    KindRegistrations.registerRegionalSets(operator, client, azure, config);
    if (config.shard().clusterKinds()) {
      KindRegistrations.registerSweeps(operator, client, azure, metrics, config);
      KindRegistrations.registerPolicies(operator, client, checks, config);
    }
    operator.start();
    LOG.info(
        "operator started cluster={} namespaces={} selector={} resync={} leaderElection={}",
        config.clusterName(),
        config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(),
        config.shard().selector().orElse("none"),
        config.resyncPeriod(),
        config.leaderElection().enabled()
            ? "lease "
                + config.leaderElection().leaseNamespace()
                + "/"
                + config.shard().leaseName()
                + " as "
                + config.leaderElection().identity()
            : "off");
    return new IdentityOperator(
        operator,
        client,
        config.leaderElection(),
        config.shard().leaseName(),
        metrics,
        ownsMetrics,
        stopping,
        leading,
        webhook);
  }

  /** The admission webhook on the same checks as the reconciler, when it has a port. */
  private static Optional<AdmissionEndpoint> startWebhook(
      OperatorConfig.Webhook webhook,
      KubernetesClient client,
      KubernetesPorts kubernetes,
      ResourceChecks checks) {
    if (!webhook.enabled()) {
      return Optional.empty();
    }
    try {
      // The policy informer synced before the first review: admissions read from its cache.
      kubernetes.policies().policies();
    } catch (IllegalStateException e) {
      LOG.warn(
          "policies not readable yet (the webhook warns on each write until they are): {}",
          e.getMessage());
    }
    try {
      return Optional.of(AdmissionEndpoint.start(webhook, client, new AdmissionDecision(checks)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the webhook on port " + webhook.port(), e);
    }
  }

  /** The port the admission webhook serves on, when it does. */
  public Optional<Integer> webhookPort() {
    return webhook.map(AdmissionEndpoint::port);
  }

  /**
   * JOSDK's leader election on the lease. Losing the lease while running ends the process (the
   * kubelet restarts it as a candidate), so two replicas never reconcile at once; giving it up on
   * stop is the normal way out and does not.
   */
  private static void leaderElection(
      ConfigurationServiceOverrider overrider,
      OperatorConfig.LeaderElection election,
      String leaseName,
      AtomicBoolean stopping,
      AtomicBoolean leading) {
    if (!election.enabled()) {
      return;
    }
    LeaderCallbacks callbacks =
        new LeaderCallbacks(
            () -> {
              leading.set(true);
              LOG.info("acquired the leader lease as {}: reconciling", election.identity());
            },
            () -> {
              leading.set(false);
              if (stopping.get()) {
                return;
              }
              LOG.error("lost the leader lease as {}: exiting", election.identity());
              // Not on this thread: exit waits for shutdown hooks, which stop the operator.
              new Thread(() -> System.exit(1), "lost-leadership").start();
            },
            leader -> LOG.info("leader is now {}", leader == null ? "none" : leader));
    overrider.withLeaderElectionConfiguration(
        LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
            .withLeaseNamespace(election.leaseNamespace())
            .withIdentity(election.identity())
            .withLeaseDuration(election.leaseDuration())
            .withRenewDeadline(election.renewDeadline())
            .withRetryPeriod(election.retryPeriod())
            .withLeaderCallbacks(callbacks)
            .withExitOnStopLeading(false)
            .build());
  }

  /**
   * True while every informer is connected and synced; also on a replica waiting for the lease,
   * which is ready to take over.
   */
  public boolean healthy() {
    return !stopping.get()
        && operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /**
   * Liveness: false once the operator stopped reconciling without being asked to (JOSDK stops it
   * when an informer gives up) or while an informer is not connected, so that the kubelet restarts
   * the process; true while a graceful stop is under way.
   */
  public boolean live() {
    return stopping.get()
        || (operator.getRuntimeInfo().isStarted()
            && operator.getRuntimeInfo().allEventSourcesAreHealthy());
  }

  /** Whether this instance reconciles: it holds the lease, or there is no leader election. */
  public boolean leading() {
    return leading.get();
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  /**
   * Stops gracefully: informers and event processing stop (no new work), in-flight reconciles
   * finish (up to {@link #RECONCILIATION_TERMINATION_TIMEOUT}), then the lease is released so
   * another replica takes over at once. The Kubernetes client stays open: the caller closes it.
   */
  @Override
  public void close() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    try {
      operator.stop();
      releaseLease();
    } finally {
      webhook.ifPresent(AdmissionEndpoint::close);
      leading.set(false);
      if (ownsMetrics) {
        metrics.close();
      }
    }
  }

  /**
   * JOSDK 5.2.3 stops electing without giving the lease up (it builds Fabric8's elector with
   * releaseOnCancel off), so the next replica would wait a whole lease duration. Nothing reconciles
   * any more once {@code operator.stop()} returned: clear the holder as Fabric8's own release does,
   * guarded by the lease's resourceVersion so a lease taken over meanwhile is left alone.
   */
  private void releaseLease() {
    if (!election.enabled()) {
      return;
    }
    try {
      Lease lease =
          client.leases().inNamespace(election.leaseNamespace()).withName(leaseName).get();
      if (lease == null
          || lease.getSpec() == null
          || !election.identity().equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setAcquireTime(now);
      lease.getSpec().setRenewTime(now);
      client.resource(lease).update();
      LOG.info("released the leader lease as {}", election.identity());
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not release the leader lease (another replica takes over when it expires): {}",
          e.getMessage());
    }
  }
}
