package dev.operators.identity.helm;

import static dev.operators.identity.helm.ChartTemplateTest.CLIENT_ID;
import static dev.operators.identity.helm.ChartTemplateTest.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.identity.helm.ChartRenderer.Rendered;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The optional alerts (PrometheusRule) and dashboard (ConfigMap for the Grafana sidecar). That
 * their queries name only what the operator exports is checked against a running operator's scrape
 * in the e2e module ({@code MonitoringE2ETest}).
 */
class ChartMonitoringTest {

  static final Path DASHBOARD =
      ChartRenderer.CHART_DIR.resolve("dashboards/azure-identity-operator.json");
  static final List<String> ALERTS =
      List.of("IdentityNotReady", "AzureThrottlingSustained", "ReconcileErrors", "SweepFindings");
  static final String BASE = "clusterName: c1\nazure: {clientId: %s}\n".formatted(CLIENT_ID);

  @Test
  void neitherIsRenderedByDefault() {
    Rendered rendered = ChartRenderer.withValuesFile("aks-workload-identity");
    assertThat(rendered.ofKind("PrometheusRule")).isEmpty();
    assertThat(rendered.all(ConfigMap.class))
        .noneMatch(c -> c.getMetadata().getName().endsWith("-dashboard"));
  }

  @Test
  void theRuleHasFourAlertsOnThisReleasesSeriesEachWithSummaryDescriptionAndRunbook()
      throws IOException {
    GenericKubernetesResource rule =
        rule(
            """
            metrics:
              prometheusRule:
                enabled: true
                labels: {release: kube-prometheus-stack}
                alertLabels: {team: platform}
                runbookUrl: https://git.example/aio/blob/main/README.md
            """);
    assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.getMetadata().getName()).isEqualTo(FULLNAME);
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    List<Map<String, Object>> alerts = alerts(rule);
    assertThat(alerts).extracting(a -> a.get("alert")).containsExactlyElementsOf(ALERTS);
    String readme = Files.readString(ChartRenderer.CHART_DIR.resolve("../../README.md"));
    for (Map<String, Object> alert : alerts) {
      String name = (String) alert.get("alert");
      assertThat((String) alert.get("expr"))
          .as(name)
          .contains("{namespace=\"" + ChartRenderer.NAMESPACE + "\"");
      assertThat(labels(alert)).as(name).containsEntry("team", "platform").containsKey("severity");
      Map<String, String> annotations = annotations(alert);
      assertThat(annotations).as(name).containsKeys("summary", "description");
      assertThat(annotations.get("description"))
          .as("Prometheus templates pass through Helm")
          .contains("{{ $labels.namespace }}");
      assertThat(annotations.get("runbook")).endsWith("Alerts and dashboard > " + name);
      assertThat(annotations.get("runbook_url"))
          .isEqualTo(
              "https://git.example/aio/blob/main/README.md#" + name.toLowerCase(Locale.ROOT));
      assertThat(readme.lines())
          .as("the runbook's anchor is a heading of the README")
          .contains("#### " + name);
    }
  }

  @Test
  void thresholdsSelectorAndSeverityComeFromTheValues() {
    GenericKubernetesResource rule =
        rule(
            """
            metrics:
              prometheusRule:
                enabled: true
                selector: 'job="aio"'
                alertLabels: {severity: critical}
                identityNotReadySeconds: 1800
                throttledPerMinute: 5
                throttlingFor: 30m
                sweepFindingsWindow: 6h
            """);
    Map<String, Map<String, Object>> byName =
        alerts(rule).stream().collect(Collectors.toMap(a -> (String) a.get("alert"), a -> a));
    assertThat((String) byName.get("IdentityNotReady").get("expr")).endsWith("> 1800");
    assertThat((String) byName.get("AzureThrottlingSustained").get("expr")).endsWith("> 5");
    assertThat(byName.get("AzureThrottlingSustained")).containsEntry("for", "30m");
    assertThat((String) byName.get("SweepFindings").get("expr"))
        .contains("{job=\"aio\",action=~\"reported|failed\"}[6h]");
    assertThat(byName.values())
        .allSatisfy(a -> assertThat(labels(a)).containsEntry("severity", "critical"))
        .allSatisfy(a -> assertThat(annotations(a)).doesNotContainKey("runbook_url"))
        .allSatisfy(a -> assertThat((String) a.get("expr")).doesNotContain("namespace="));
  }

  @Test
  void theDashboardConfigMapCarriesTheChartsJsonFileAsItIsForTheSidecar() throws IOException {
    ConfigMap defaults = dashboard("metrics: {grafanaDashboard: {enabled: true}}");
    assertThat(defaults.getMetadata().getName()).isEqualTo(FULLNAME + "-dashboard");
    assertThat(defaults.getMetadata().getNamespace()).isEqualTo(ChartRenderer.NAMESPACE);
    assertThat(defaults.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(defaults.getData())
        .containsOnlyKeys("azure-identity-operator.json")
        .containsEntry("azure-identity-operator.json", Files.readString(DASHBOARD));

    ConfigMap custom =
        dashboard(
            """
            metrics:
              grafanaDashboard:
                enabled: true
                labels: {dashboards: operators}
                annotations: {grafana_folder: Operators}
                namespace: monitoring
            """);
    assertThat(custom.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(custom.getMetadata().getLabels())
        .as("added to the sidecar's default label (grafana_dashboard: null removes that)")
        .containsEntry("dashboards", "operators")
        .containsEntry("grafana_dashboard", "1");
    assertThat(custom.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Operators");
  }

  @Test
  void theDashboardIsAGrafanaDashboardWhosePanelsAllQueryPrometheus() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    assertThat(dashboard.path("uid").asText()).isEqualTo("azure-identity-operator");
    List<JsonNode> panels = dashboard.findParents("targets");
    assertThat(panels).hasSizeGreaterThanOrEqualTo(8);
    for (JsonNode panel : panels) {
      assertThat(panel.path("datasource").path("uid").asText())
          .as(panel.path("title").asText())
          .isEqualTo("${datasource}");
      assertThat(panel.path("targets"))
          .allSatisfy(t -> assertThat(t.path("expr").asText()).isNotBlank());
    }
    assertThat(panels)
        .extracting(p -> p.path("title").asText())
        .contains(
            "Identities by Ready status",
            "Azure calls by operation",
            "Azure call latency p95 by operation",
            "Throttling (429) by operation",
            "Reconcile queue depth");
  }

  static GenericKubernetesResource rule(String values) {
    List<?> rules = ChartRenderer.withValues(BASE + values).ofKind("PrometheusRule");
    assertThat(rules).hasSize(1);
    return (GenericKubernetesResource) rules.get(0);
  }

  static ConfigMap dashboard(String values) {
    return ChartRenderer.withValues(BASE + values).named(ConfigMap.class, FULLNAME + "-dashboard");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> alerts(GenericKubernetesResource rule) {
    List<Map<String, Object>> groups = rule.get("spec", "groups");
    assertThat(groups).hasSize(1);
    return (List<Map<String, Object>>) groups.get(0).get("rules");
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> labels(Map<String, Object> alert) {
    return (Map<String, String>) alert.get("labels");
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> annotations(Map<String, Object> alert) {
    return (Map<String, String>) alert.get("annotations");
  }
}
