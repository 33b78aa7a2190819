package dev.operators.identity.helm;

import static dev.operators.identity.helm.ChartTemplateTest.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.helm.ChartRenderer.Rendered;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code helm template}: replicas, disruption budget, metrics scraping and network policy. */
class ChartAvailabilityTest {

  @Test
  void leaderElectionCanBeSwitchedOnForOneReplica() {
    Rendered rendered =
        ChartRenderer.withValues(
            "clusterName: c1\nleaderElection: {enabled: true}\nazure: {clientId: %s}\n"
                .formatted(CLIENT_ID));
    assertThat(rendered.one(Deployment.class).getSpec().getReplicas()).isEqualTo(1);
    assertThat(env(rendered))
        .containsEntry("OPERATOR_LEADER_ELECTION", "true")
        .containsEntry("OPERATOR_LEADER_ELECTION_NAMESPACE", "valueFrom");
  }

  @Test
  void oneReplicaByDefaultWithoutLeaderElectionOrPdb() {
    Rendered rendered = ChartRenderer.withValuesFile("aks-workload-identity");
    Deployment deployment = rendered.one(Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(env(rendered)).containsEntry("OPERATOR_LEADER_ELECTION", "false");
    assertThat(rendered.all(PodDisruptionBudget.class)).isEmpty();
    assertThat(rendered.all(NetworkPolicy.class)).isEmpty();
    assertThat(rendered.ofKind("ServiceMonitor")).isEmpty();
  }

  @Test
  void threeReplicasTurnOnLeaderElectionAndAPdb() {
    Rendered rendered = ChartRenderer.withValuesFile("replicas-3");
    Deployment deployment = rendered.one(Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(env(rendered))
        .containsEntry("OPERATOR_LEADER_ELECTION", "true")
        .containsEntry("OPERATOR_LEADER_ELECTION_NAMESPACE", "valueFrom");
    assertThat(
            operator(rendered).getEnv().stream()
                .filter(e -> e.getName().equals("OPERATOR_LEADER_ELECTION_NAMESPACE"))
                .findFirst()
                .orElseThrow()
                .getValueFrom()
                .getFieldRef()
                .getFieldPath())
        .as("the Lease lives in the release namespace, where the lease Role grants access")
        .isEqualTo("metadata.namespace");
    assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isEqualTo(45L);
    PodDisruptionBudget pdb = rendered.one(PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(rendered.one(Deployment.class).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void serviceAndServiceMonitorScrapeMetricsOnPortHttp() {
    Rendered rendered = ChartRenderer.withValuesFile("replicas-3");
    Service service = rendered.named(Service.class, FULLNAME + "-metrics");
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getTargetPort()).isEqualTo(new IntOrString("http"));
            });
    assertThat(service.getSpec().getSelector())
        .isEqualTo(rendered.one(Deployment.class).getSpec().getSelector().getMatchLabels());

    GenericKubernetesResource monitor =
        (GenericKubernetesResource) rendered.ofKind("ServiceMonitor").get(0);
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    Map<String, Object> endpoint =
        monitor.<List<Map<String, Object>>>get("spec", "endpoints").get(0);
    assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/metrics");
    Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
  }

  @Test
  void networkPolicyAllowsOnlyDnsApiServerAndHttpsOutAndPortsHttpAndWebhookIn() {
    NetworkPolicy policy = ChartRenderer.withValuesFile("replicas-3").one(NetworkPolicy.class);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress())
        .flatExtracting(i -> i.getPorts())
        .extracting(p -> p.getPort())
        .containsExactly(new IntOrString("http"), new IntOrString("webhook"));
    assertThat(policy.getSpec().getIngress().get(1).getFrom())
        .as("the API server calls the webhook from an address the cluster does not know")
        .isNullOrEmpty();
    Set<Object> egressPorts =
        policy.getSpec().getEgress().stream()
            .flatMap(e -> e.getPorts().stream())
            .map(p -> p.getPort().getValue())
            .collect(Collectors.toSet());
    assertThat(egressPorts).containsExactlyInAnyOrder(53, 443, 6443);
  }
}
