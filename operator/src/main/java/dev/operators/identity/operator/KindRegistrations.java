package dev.operators.identity.operator;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.AzurePorts;
import dev.operators.identity.operator.config.OperatorConfig;
import dev.operators.identity.operator.metrics.OperatorMetrics;
import dev.operators.identity.operator.policy.IdentityPolicyReconciler;
import dev.operators.identity.operator.reconciler.KubernetesEventRecorder;
import dev.operators.identity.operator.reconciler.ResourceChecks;
import dev.operators.identity.operator.regional.RegionalIdentitySetReconciler;
import dev.operators.identity.operator.sweep.RoleAssignmentSweepReconciler;
import dev.operators.identity.operator.sweep.SweepMetrics;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Listable;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import java.time.Clock;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The reconcilers of the kinds besides UserAssignedIdentity (sweeps, regional identity sets,
 * policies), each registered with the namespaces and resync period its kind needs.
 */
final class KindRegistrations {
  private KindRegistrations() {}

  /** The namespaces of the namespaced kinds: those configured, or all of them. */
  static void watchNamespaces(
      ControllerConfigurationOverrider<?> overrider, OperatorConfig config) {
    if (config.watchNamespaces().isEmpty()) {
      overrider.watchingAllNamespaces();
    } else {
      overrider.settingNamespaces(config.watchNamespaces());
    }
  }

  /**
   * The orphan sweep's reconciler. Its kind is cluster-scoped, so it is watched cluster-wide
   * whatever namespaces the identities are watched in.
   */
  static void registerSweeps(
      Operator operator,
      KubernetesClient client,
      AzurePorts azure,
      OperatorMetrics metrics,
      OperatorConfig config) {
    operator.register(
        new RoleAssignmentSweepReconciler(
            azure.roleAssignments(),
            new KubernetesEventRecorder(client),
            new SweepMetrics(metrics.registry()),
            Clock.systemUTC()),
        o -> o.withReconciliationMaxInterval(config.resyncPeriod()));
  }

  /**
   * The regional identity sets' reconciler, in the namespaces the identities are watched in (a
   * set's regional identities live in its own namespace).
   */
  static void registerRegionalSets(
      Operator operator, KubernetesClient client, AzurePorts azure, OperatorConfig config) {
    operator.register(
        RegionalIdentitySetReconciler.on(
            client,
            azure.assignees(),
            new KubernetesEventRecorder(client),
            config.resyncPeriod(),
            Clock.systemUTC()),
        o -> {
          watchNamespaces(o, config);
          config.shard().selector().ifPresent(o::withLabelSelector);
          o.withReconciliationMaxInterval(config.resyncPeriod());
        });
  }

  /**
   * The policies' reconciler (their status: selected namespaces, resources that break them), with
   * the same gate as the identities' reconciler. Cluster-scoped kind, watched cluster-wide.
   */
  static void registerPolicies(
      Operator operator, KubernetesClient client, ResourceChecks checks, OperatorConfig config) {
    operator.register(
        new IdentityPolicyReconciler(
            checks.gate(),
            visitor -> watchedIdentities(client, config.watchNamespaces(), LIST_CHUNK, visitor),
            checks::identityOf,
            config.resyncPeriod(),
            Clock.systemUTC()),
        o -> o.withReconciliationMaxInterval(config.resyncPeriod()));
  }

  /**
   * How many objects a list of the API server asks for at a time: its answers stay a few megabytes
   * at any estate (kubectl's chunk size).
   */
  static final long LIST_CHUNK = 500;

  /**
   * Visits every identity in the watched namespaces (all when none are configured), listed in
   * chunks of {@code chunk} ({@code limit} and {@code continue}), one chunk held at a time.
   */
  static void watchedIdentities(
      KubernetesClient client,
      Set<String> namespaces,
      long chunk,
      Consumer<UserAssignedIdentity> visitor) {
    var resources = client.resources(UserAssignedIdentity.class);
    if (namespaces.isEmpty()) {
      inChunks(resources.inAnyNamespace(), chunk, visitor);
    } else {
      namespaces.forEach(ns -> inChunks(resources.inNamespace(ns), chunk, visitor));
    }
  }

  private static void inChunks(
      Listable<? extends KubernetesResourceList<UserAssignedIdentity>> list,
      long chunk,
      Consumer<UserAssignedIdentity> visitor) {
    String next = null;
    do {
      KubernetesResourceList<UserAssignedIdentity> page =
          list.list(new ListOptionsBuilder().withLimit(chunk).withContinue(next).build());
      page.getItems().forEach(visitor);
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
  }
}
