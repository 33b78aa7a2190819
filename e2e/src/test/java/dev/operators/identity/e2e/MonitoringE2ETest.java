package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSweep;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSweepSpec;
import dev.operators.identity.emulator.FaultRule;
import dev.operators.identity.operator.HealthEndpoint;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart's alerts and dashboard query only what the operator exports: the operator reconciles (a
 * Ready identity, one Azure refuses, a 429 on the way) and sweeps, its {@code /metrics} is scraped
 * over HTTP, and every expression of the rendered PrometheusRule and of the dashboard's panels and
 * variables is checked against that scrape (metrics, labels, label values). The family names are
 * written to target/exported-metrics.txt for a person to read.
 */
class MonitoringE2ETest extends E2EFixture {

  static final Path CHART =
      Path.of(System.getProperty("chart.dir", "../helm/azure-identity-operator"));
  static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)");

  @Test
  void everyAlertAndDashboardQueryNamesOnlyWhatTheRunningOperatorExports() throws Exception {
    ExportedMetrics exported = ExportedMetrics.parse(scrapeAfterReconcilesAndASweep());
    Files.writeString(
        Path.of("target/exported-metrics.txt"), String.join("\n", exported.names()) + "\n");

    List<String> queries = new ArrayList<>(ruleExpressions());
    List<String> problems = new ArrayList<>();
    JsonNode dashboard =
        JSON.readTree(CHART.resolve("dashboards/azure-identity-operator.json").toFile());
    dashboard.findValues("expr").forEach(expr -> queries.add(expr.asText()));
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      String query = variable.path("query").path("query").asText();
      if (!query.isEmpty()) {
        Matcher m = LABEL_VALUES.matcher(query);
        assertThat(m.matches()).as("a label_values(metric, label) variable: %s", query).isTrue();
        queries.add("group by (" + m.group(2) + ") (" + m.group(1) + ")");
      }
    }
    assertThat(queries).as("four alerts and the dashboard's panels").hasSizeGreaterThan(15);
    queries.forEach(q -> problems.addAll(exported.problems(q)));
    assertThat(problems).isEmpty();
  }

  /** The rule as the chart renders it with the alerts on. */
  List<String> ruleExpressions() {
    String yaml =
        new Helm(CHART)
            .template()
            .withName("aio")
            .withNamespace("azure-identity-operator")
            .set("clusterName", "c1")
            .set("azure.clientId", "33333333-3333-3333-3333-333333333333")
            .set("metrics.prometheusRule.enabled", "true")
            .call();
    List<String> expressions = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.contains("kind: PrometheusRule")) {
        GenericKubernetesResource rule =
            Serialization.unmarshal(document, GenericKubernetesResource.class);
        List<Map<String, Object>> groups = rule.get("spec", "groups");
        groups.forEach(
            g ->
                ((List<?>) g.get("rules"))
                    .forEach(r -> expressions.add((String) ((Map<?, ?>) r).get("expr"))));
      }
    }
    assertThat(expressions).hasSize(4);
    return expressions;
  }

  /** Reconciles of every kind of outcome, a 429, a sweep; then {@code GET /metrics}. */
  String scrapeAfterReconcilesAndASweep() throws IOException, InterruptedException {
    stack
        .emulator()
        .control()
        .injectFault(FaultRule.status("PUT", "/userAssignedIdentities/mon-ready$", 429, 1));
    apply(identity("mon-ready", "eastus"));
    var refused = identity("mon-refused", "eastus");
    refused.getSpec().setResourceGroup("rg-missing");
    apply(refused);
    awaitReady("mon-ready");
    awaitCondition("mon-refused", "Ready", "False", "AzureError");

    RoleAssignmentSweep sweep = new RoleAssignmentSweep();
    sweep.setMetadata(new ObjectMetaBuilder().withName("mon-" + namespace).build());
    RoleAssignmentSweepSpec spec = new RoleAssignmentSweepSpec();
    spec.setScopes(List.of("/subscriptions/" + sub + "/resourceGroups/" + RG));
    spec.setMinimumAge("0s");
    sweep.setSpec(spec);
    stack.client().resource(sweep).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var s = stack.client().resource(sweep).get();
              return s.getStatus() != null && s.getStatus().getObservedGeneration() != null;
            });

    try (HealthEndpoint endpoint =
        HealthEndpoint.start(0, () -> true, () -> true, stack.operator().metrics()::scrape)) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .as("the 429 was seen, and the refused identity counts as not Ready")
          .contains("azure_identity_operator_azure_throttled_total{operation=\"PUT ")
          .containsPattern(
              "azure_identity_operator_managed_identities_longest_not_ready_seconds ([1-9]|0\\.[0-9]*[1-9])")
          .contains("azure_identity_operator_reconcile_errors_total 0.0");
      return response.body();
    }
  }
}
