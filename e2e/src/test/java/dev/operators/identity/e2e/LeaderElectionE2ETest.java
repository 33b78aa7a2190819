package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.emulator.ThrottlingConfig;
import dev.operators.identity.operator.IdentityOperator;
import dev.operators.identity.operator.azure.sdk.SdkAzurePorts;
import dev.operators.identity.operator.config.OperatorConfig;
import dev.operators.identity.operator.metrics.ResourceStateGauges;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of the operator against one cluster and one Azure, with leader election on: only the
 * lease holder reconciles and writes to Azure; the other keeps its informers synced, reports ready,
 * and takes over when the holder stops.
 */
class LeaderElectionE2ETest {

  static final String RG = "rg-orders";
  static final String NAMESPACE = "team-a";
  static final String LEASE_NAMESPACE = "default";
  static final String IDENTITIES = "Microsoft.ManagedIdentity/userAssignedIdentities";

  @TempDir Path work;
  EmbeddedStack stack;
  Replica first;
  Replica second;

  @BeforeEach
  void startStack() {
    stack =
        EmbeddedStack.start(
            EmulatorConfig.defaults().withThrottling(ThrottlingConfig.unlimited()), 0, work);
    stack
        .emulator()
        .control()
        .createResourceGroup(stack.emulator().defaultSubscriptionId(), RG, "eastus");
    stack.kubernetes().createNamespace(NAMESPACE);
  }

  @AfterEach
  void stopStack() {
    for (Replica replica : new Replica[] {first, second}) {
      if (replica != null) {
        replica.close();
      }
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void onlyTheLeaderReconcilesAndTheOtherTakesOverWhenItStops() {
    first = new Replica("replica-a");
    second = new Replica("replica-b");

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> first.operator.leading() || second.operator.leading());
    Replica leader = first.operator.leading() ? first : second;
    Replica follower = leader == first ? second : first;
    assertThat(follower.operator.leading()).isFalse();
    assertThat(leaseHolder()).isEqualTo(leader.identity);
    // The follower serves, waiting: ready, so a rollout does not stall on it.
    await().atMost(Duration.ofSeconds(10)).until(() -> follower.operator.healthy());
    assertThat(leader.operator.healthy()).isTrue();

    apply("orders-api");
    awaitReady("orders-api");

    assertThat(identitiesInAzure("orders-api")).isEqualTo(1);
    assertThat(stack.emulator().control().count("PUT", "(?i).*/userAssignedIdentities/orders-api$"))
        .isPositive();
    assertThat(reconciles(leader)).isPositive();
    assertThat(reconciles(follower)).as("reconciles of the replica without the lease").isZero();
    assertThat(readyIdentities(leader)).isEqualTo(1);
    assertThat(readyIdentities(follower)).isZero();
    // The Azure pipeline's metrics reach the scrape (process-wide: both replicas show them).
    assertThat(leader.operator.metrics().scrape())
        .contains(
            "azure_identity_operator_azure_calls_total{operation=\"PUT"
                + " Microsoft.ManagedIdentity/userAssignedIdentities\",status=\"201\"}");

    // The leader stops (a rollout, a drained node): it gives the lease up, the follower takes it.
    leader.close();

    // Well within the 6 s lease duration: the stopping leader released the lease.
    await().atMost(Duration.ofSeconds(3)).until(() -> follower.operator.leading());
    assertThat(leaseHolder()).isEqualTo(follower.identity);

    apply("billing-api");
    awaitReady("billing-api");

    assertThat(identitiesInAzure("billing-api")).isEqualTo(1);
    assertThat(identitiesInAzure("orders-api")).isEqualTo(1);
    assertThat(reconciles(follower)).isPositive();
  }

  // --- helpers -------------------------------------------------------------------------------

  /** One replica as a pod would run it: its own client, Azure pipeline and lease identity. */
  final class Replica implements AutoCloseable {
    final String identity;
    final KubernetesClient client;
    final IdentityOperator operator;
    private boolean closed;

    Replica(String identity) {
      this.identity = identity;
      // JOSDK first checks with a SelfSubjectRulesReview that it may use leases; the embedded
      // API server answers it as a real one answers an all-powerful user.
      this.client = stack.kubernetes().newClient();
      OperatorConfig config =
          stack
              .operatorConfig(Duration.ofSeconds(30))
              .withLeaderElection(
                  OperatorConfig.LeaderElection.in(LEASE_NAMESPACE, identity)
                      .withTimings(
                          Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofMillis(300)));
      this.operator = IdentityOperator.start(config, client, SdkAzurePorts.connect(config));
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        operator.close();
        client.close();
      }
    }
  }

  String leaseHolder() {
    Lease lease =
        stack
            .client()
            .leases()
            .inNamespace(LEASE_NAMESPACE)
            .withName(OperatorConfig.LEASE_NAME)
            .get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  static double reconciles(Replica replica) {
    return replica
        .operator
        .metrics()
        .registry()
        .find("operator.sdk.reconciliations.started")
        .counters()
        .stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  static double readyIdentities(Replica replica) {
    var gauge =
        replica
            .operator
            .metrics()
            .registry()
            .find(ResourceStateGauges.IDENTITIES)
            .tag("ready", "True")
            .gauge();
    return gauge == null ? 0 : gauge.value();
  }

  void apply(String name) {
    var spec = new UserAssignedIdentitySpec();
    spec.setResourceGroup(RG);
    spec.setLocation("eastus");
    spec.setTags(Map.of("team", "orders"));
    var uai = new UserAssignedIdentity();
    uai.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    uai.setSpec(spec);
    stack.client().resource(uai).createOr(existing -> existing.update());
  }

  void awaitReady(String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              UserAssignedIdentity uai =
                  stack
                      .client()
                      .resources(UserAssignedIdentity.class)
                      .inNamespace(NAMESPACE)
                      .withName(name)
                      .get();
              assertThat(uai).isNotNull();
              assertThat(uai.getStatus()).isNotNull();
              assertThat(uai.getStatus().getConditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.getType()).isEqualTo("Ready");
                        assertThat(c.getStatus()).as(c.getMessage()).isEqualTo("True");
                      });
            });
  }

  long identitiesInAzure(String name) {
    return stack.emulator().control().listResources(IDENTITIES).stream()
        .filter(r -> r.path("name").asText().equalsIgnoreCase(name))
        .count();
  }
}
