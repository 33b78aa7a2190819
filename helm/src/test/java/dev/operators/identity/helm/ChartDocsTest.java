package dev.operators.identity.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every environment variable the chart can set is documented in values.yaml and in the chart's
 * README table, and so is every value that has no variable.
 */
class ChartDocsTest {

  static final Path README = ChartRenderer.CHART_DIR.resolve("README.md");
  static final Path VALUES = ChartRenderer.CHART_DIR.resolve("values.yaml");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "aks-workload-identity",
        "client-secret",
        "client-secret-created",
        "watch-namespaces",
        "custom-cloud",
        "replicas-3"
      })
  void everyEnvironmentVariableIsDocumented(String values) throws IOException {
    Set<String> names =
        new TreeSet<>(ChartTemplateTest.env(ChartRenderer.withValuesFile(values)).keySet());
    String readme = Files.readString(README);
    String valuesYaml = Files.readString(VALUES);
    assertThat(names)
        .allSatisfy(
            name -> {
              assertThat(readme).as("README.md").contains("`" + name + "`");
              assertThat(valuesYaml).as("values.yaml").contains(name);
            });
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          'logFormat: json'                   | logFormat
          '  callLogLevel: info'              | azure.callLogLevel
          'terminationGracePeriodSeconds: 45' | terminationGracePeriodSeconds
          '  enabled: null'                   | leaderElection.enabled
          'policyDefault: SecureDefault'      | policyDefault
          '  aggregateToUserRoles: true'      | rbac.aggregateToUserRoles
          '  failurePolicy: Fail'             | webhook.failurePolicy
          '  timeoutSeconds: 10'              | webhook.timeoutSeconds
          '    enabled: false'                | webhook.certManager.enabled
          '    identityNotReadySeconds: 900'  | metrics.prometheusRule.enabled
          '      grafana_dashboard: "1"'      | metrics.grafanaDashboard.enabled
          """)
  void valuesHaveTheirDefaultAndAReadmeRow(String defaultLine, String value) throws IOException {
    assertThat(Files.readString(VALUES).lines()).contains(defaultLine);
    assertThat(Files.readString(README).lines()).anyMatch(l -> l.startsWith("| `" + value + "`"));
  }
}
