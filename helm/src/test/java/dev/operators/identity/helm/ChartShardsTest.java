package dev.operators.identity.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.helm.ChartRenderer.Rendered;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Shards: one Deployment each, with its own selector and lease; the first one alone serves the
 * webhook and the cluster-scoped kinds.
 */
class ChartShardsTest {

  static final String FULLNAME = ChartTemplateTest.FULLNAME;
  static final String BASE =
      "clusterName: c1\nazure: {clientId: " + ChartTemplateTest.CLIENT_ID + "}\n";

  static final Rendered SHARDED =
      ChartRenderer.withValues(
          BASE
              + "watchNamespaces: [team-a, team-b, team-c]\n"
              + "shards:\n"
              + "  - {name: a, labelSelector: 'identity.operators.dev/shard=a'}\n"
              + "  - {name: big, labelSelector: 'identity.operators.dev/shard=big', replicas: 2}\n"
              + "  - {name: rest, labelSelector: 'identity.operators.dev/shard notin (a,big)',"
              + " namespaces: [team-c]}\n");

  static Map<String, String> env(Deployment deployment) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var :
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      env.put(var.getName(), var.getValueFrom() != null ? "valueFrom" : var.getValue());
    }
    return env;
  }

  @Test
  void withoutShardsOneDeploymentReconcilesEverythingAsBefore() {
    Rendered rendered = ChartRenderer.withValues(BASE);
    Deployment only = rendered.one(Deployment.class);
    assertThat(only.getMetadata().getName()).isEqualTo(FULLNAME);
    assertThat(only.getSpec().getSelector().getMatchLabels())
        .doesNotContainKey("identity.operators.dev/shard");
    assertThat(env(only))
        .doesNotContainKeys(
            "OPERATOR_LABEL_SELECTOR",
            "OPERATOR_LEADER_ELECTION_LEASE_NAME",
            "OPERATOR_CLUSTER_SCOPED_KINDS")
        .containsEntry("OPERATOR_WEBHOOK_PORT", "9443");
  }

  @Test
  void eachShardIsADeploymentWithItsOwnSelectorLeaseAndPods() {
    List<Deployment> deployments = SHARDED.all(Deployment.class);
    assertThat(deployments)
        .extracting(d -> d.getMetadata().getName())
        .containsExactly(FULLNAME + "-a", FULLNAME + "-big", FULLNAME + "-rest");
    assertThat(deployments)
        .extracting(d -> env(d).get("OPERATOR_LABEL_SELECTOR"))
        .containsExactly(
            "identity.operators.dev/shard=a",
            "identity.operators.dev/shard=big",
            "identity.operators.dev/shard notin (a,big)");
    assertThat(deployments)
        .extracting(d -> env(d).get("OPERATOR_LEADER_ELECTION_LEASE_NAME"))
        .containsExactly(
            "azure-identity-operator-a",
            "azure-identity-operator-big",
            "azure-identity-operator-rest");
    assertThat(deployments)
        .extracting(d -> env(d).get("OPERATOR_WATCH_NAMESPACES"))
        .containsExactly("team-a,team-b,team-c", "team-a,team-b,team-c", "team-c");
    assertThat(deployments).extracting(d -> d.getSpec().getReplicas()).containsExactly(1, 2, 1);
    assertThat(deployments)
        .extracting(d -> env(d).get("OPERATOR_LEADER_ELECTION"))
        .containsExactly("false", "true", "false");
    // No Deployment's selector picks another shard's pods.
    for (Deployment d : deployments) {
      Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
      assertThat(deployments)
          .filteredOn(
              other ->
                  other
                      .getSpec()
                      .getTemplate()
                      .getMetadata()
                      .getLabels()
                      .entrySet()
                      .containsAll(selector.entrySet()))
          .containsExactly(d);
    }
  }

  @Test
  void onlyTheFirstShardServesTheWebhookAndTheClusterScopedKinds() {
    List<Deployment> deployments = SHARDED.all(Deployment.class);
    assertThat(deployments)
        .extracting(d -> env(d).get("OPERATOR_CLUSTER_SCOPED_KINDS"))
        .containsExactly("true", "false", "false");
    assertThat(deployments)
        .extracting(d -> env(d).get("OPERATOR_WEBHOOK_PORT"))
        .containsExactly("9443", "0", "0");
    Service webhook = SHARDED.named(Service.class, ChartTemplateTest.WEBHOOK);
    assertThat(webhook.getSpec().getSelector()).containsEntry("identity.operators.dev/shard", "a");
    assertThat(deployments.get(0).getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(webhook.getSpec().getSelector());
    assertThat(deployments.get(1).getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainEntry("identity.operators.dev/shard", "a");
  }
}
