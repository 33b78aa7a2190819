package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.IdentityOperator;
import dev.operators.identity.operator.azure.sdk.SdkAzurePorts;
import dev.operators.identity.operator.config.OperatorConfig;
import dev.operators.identity.operator.metrics.ResourceStateGauges;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two operators as two Deployments of the chart's shards: disjoint label selectors, a lease each;
 * each reconciles its own identities only, and an identity neither selects stays untouched.
 */
class ShardingE2ETest extends E2EFixture {

  static final String LEASE_NAMESPACE = "default";
  static final String SHARD_LABEL = "identity.operators.dev/shard";

  /** One shard's operator, as its Deployment's pod runs it. */
  final class Shard implements AutoCloseable {
    final String name;
    final KubernetesClient client;
    final IdentityOperator operator;

    Shard(String name, boolean clusterKinds) {
      this.name = name;
      this.client = stack.kubernetes().newClient();
      OperatorConfig config =
          stack
              .operatorConfig(RESYNC)
              .withLeaderElection(
                  OperatorConfig.LeaderElection.in(LEASE_NAMESPACE, "pod-" + name)
                      .withTimings(
                          Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(300)))
              .withShard(
                  new OperatorConfig.Shard(
                      SHARD_LABEL + "=" + name,
                      OperatorConfig.LEASE_NAME + "-" + name,
                      clusterKinds));
      this.operator = IdentityOperator.start(config, client, SdkAzurePorts.connect(config));
    }

    double ready() {
      var gauge =
          operator
              .metrics()
              .registry()
              .find(ResourceStateGauges.IDENTITIES)
              .tag("ready", "True")
              .gauge();
      return gauge == null ? 0 : gauge.value();
    }

    String leaseHolder() {
      Lease lease =
          stack
              .client()
              .leases()
              .inNamespace(LEASE_NAMESPACE)
              .withName(OperatorConfig.LEASE_NAME + "-" + name)
              .get();
      return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Override
    public void close() {
      operator.close();
      client.close();
    }
  }

  UserAssignedIdentity labelled(String name, String shard) {
    UserAssignedIdentity uai = identity(name, "eastus");
    if (shard != null) {
      uai.getMetadata().setLabels(Map.of(SHARD_LABEL, shard));
    }
    return uai;
  }

  @Test
  void twoShardsOnDisjointSelectorsEachReconcileOnlyTheirOwnIdentities() {
    stack.stopOperator();
    try (Shard a = new Shard("a", true);
        Shard b = new Shard("b", false)) {
      apply(labelled("shard-a-1", "a"));
      apply(labelled("shard-a-2", "a"));
      apply(labelled("shard-b-1", "b"));
      apply(labelled("shard-none", null));

      awaitReady("shard-a-1");
      awaitReady("shard-a-2");
      awaitReady("shard-b-1");
      await().atMost(Duration.ofSeconds(30)).until(() -> a.ready() == 2 && b.ready() == 1);
      assertThat(a.leaseHolder()).isEqualTo("pod-a");
      assertThat(b.leaseHolder()).isEqualTo("pod-b");

      // A whole resync later, still nobody's: no status, nothing in Azure.
      long passes = stack.emulator().control().count("GET", "/userAssignedIdentities$");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  stack.emulator().control().count("GET", "/userAssignedIdentities$")
                      >= passes + 2);
      assertThat(cr("shard-none").get().getStatus()).isNull();
      assertThat(identitiesNamed("shard-none")).isZero();
      assertThat(a.ready()).isEqualTo(2);
      assertThat(b.ready()).isEqualTo(1);

      // Relabelled, an identity moves to the other shard.
      cr("shard-none")
          .edit(
              u -> {
                u.getMetadata().setLabels(Map.of(SHARD_LABEL, "b"));
                return u;
              });
      awaitReady("shard-none");
      await().atMost(Duration.ofSeconds(30)).until(() -> b.ready() == 2);
      assertThat(a.ready()).isEqualTo(2);
    }
  }
}
