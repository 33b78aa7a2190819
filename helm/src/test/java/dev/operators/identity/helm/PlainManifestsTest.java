package dev.operators.identity.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.helm.ChartRenderer.Rendered;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/ (kustomization) is equivalent to the chart's defaults: the chart rendered as release
 * azure-identity-operator with the manifests' placeholder values gives the same pod, RBAC,
 * ServiceAccount and Service.
 */
class PlainManifestsTest {

  static final Path DEPLOY = Path.of(System.getProperty("deploy.dir", "../deploy"));
  static final String PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000";
  static final String WEBHOOK = "azure-identity-operator-webhook";

  static Rendered manifests;
  static Rendered chart;

  @BeforeAll
  static void render() throws IOException {
    StringBuilder yaml = new StringBuilder();
    for (String resource : resources()) {
      if (resource.startsWith("manifests/")) {
        yaml.append("---\n").append(Files.readString(DEPLOY.resolve(resource))).append('\n');
      }
    }
    manifests = ChartRenderer.parse(yaml.toString());
    Path values = Files.createTempFile("values-", ".yaml");
    try {
      Files.writeString(
          values, "clusterName: CHANGE-ME\nazure:\n  clientId: " + PLACEHOLDER_ID + "\n");
      chart =
          ChartRenderer.parse(
              ChartRenderer.template("azure-identity-operator").withValuesFile(values).call());
    } finally {
      Files.deleteIfExists(values);
    }
  }

  static List<String> resources() throws IOException {
    String kustomization = Files.readString(DEPLOY.resolve("kustomization.yaml"));
    Matcher section =
        Pattern.compile("(?ms)^resources:\\n((?:\\s+(?:#.*|- .*)\\n)+)").matcher(kustomization);
    assertThat(section.find()).as("resources in kustomization.yaml").isTrue();
    List<String> resources = new ArrayList<>();
    for (String line : section.group(1).lines().toList()) {
      String trimmed = line.trim();
      if (trimmed.startsWith("- ")) {
        resources.add(trimmed.substring(2).trim());
      }
    }
    return resources;
  }

  @Test
  void kustomizationListsTheGeneratedCrdAndEveryManifest() throws IOException {
    List<String> resources = resources();
    String crd = "userassignedidentities.identity.operators.dev-v1.yml";
    // kustomize reads nothing outside deploy/: a copy of the generated CRD, the same as the
    // chart's.
    assertThat(resources).contains("crds/" + crd);
    assertThat(DEPLOY.resolve("crds").resolve(crd))
        .hasSameBinaryContentAs(ChartRenderer.CHART_DIR.resolve("crds").resolve(crd));
    assertThat(resources).allSatisfy(r -> assertThat(DEPLOY.resolve(r)).isRegularFile());
    try (var files = Files.list(DEPLOY.resolve("manifests"))) {
      assertThat(files.map(p -> "manifests/" + p.getFileName()).toList())
          .allSatisfy(f -> assertThat(resources).contains(f));
    }
    assertThat(Files.readString(DEPLOY.resolve("kustomization.yaml")))
        .contains("namespace: azure-identity-operator");
  }

  @Test
  void podTemplateEqualsTheChartDefaults() {
    Deployment mine = manifests.one(Deployment.class);
    Deployment theirs = chart.one(Deployment.class);
    PodSpec pod = mine.getSpec().getTemplate().getSpec();
    assertThat(pod).isEqualTo(theirs.getSpec().getTemplate().getSpec());
    assertThat(mine.getSpec().getTemplate().getMetadata().getLabels())
        .isEqualTo(theirs.getSpec().getTemplate().getMetadata().getLabels());
    assertThat(mine.getSpec().getSelector()).isEqualTo(theirs.getSpec().getSelector());
    assertThat(mine.getSpec().getReplicas()).isEqualTo(theirs.getSpec().getReplicas());
    assertThat(mine.getSpec().getStrategy()).isEqualTo(theirs.getSpec().getStrategy());
  }

  @Test
  void manifestsLogJsonAndGiveTheOperatorTimeToDrainAndReleaseItsLease() {
    Deployment mine = manifests.one(Deployment.class);
    assertThat(mine.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .as("30 s of reconcile drain, then the lease release")
        .isEqualTo(45L)
        .isEqualTo(
            chart
                .one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getTerminationGracePeriodSeconds());
    Map<String, String> env = ChartTemplateTest.env(manifests);
    assertThat(env)
        .containsEntry("LOG_FORMAT", "json")
        .containsEntry("AZURE_CALL_LOG_LEVEL", "info")
        .containsEntry("OPERATOR_LEADER_ELECTION", "false")
        .containsEntry("OPERATOR_LEADER_ELECTION_NAMESPACE", "valueFrom");
    assertThat(env.keySet())
        .as("the same variables, in the same order, as the chart")
        .containsExactlyElementsOf(ChartTemplateTest.env(chart).keySet());
    assertThat(env.keySet())
        .first()
        .as("kustomization.yaml patches env/0")
        .isEqualTo("OPERATOR_CLUSTER_NAME");
  }

  @Test
  void rbacEqualsTheChartDefaults() {
    for (String name :
        List.of(
            "azure-identity-operator",
            "azure-identity-operator-view",
            "azure-identity-operator-edit")) {
      assertThat(Rbac.describe(manifests.named(ClusterRole.class, name).getRules()))
          .containsExactlyElementsOf(
              Rbac.describe(chart.named(ClusterRole.class, name).getRules()));
      assertThat(manifests.named(ClusterRole.class, name).getMetadata().getLabels())
          .containsAllEntriesOf(
              chart.named(ClusterRole.class, name).getMetadata().getLabels().entrySet().stream()
                  .filter(e -> e.getKey().startsWith("rbac.authorization.k8s.io/"))
                  .collect(
                      java.util.stream.Collectors.toMap(
                          java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)));
    }
    assertThat(
            Rbac.describe(manifests.named(ClusterRole.class, "azure-identity-operator").getRules()))
        .containsExactlyInAnyOrderElementsOf(Rbac.ALL_NAMESPACES_RULES);
    for (String name : List.of("azure-identity-operator", WEBHOOK)) {
      assertThat(manifests.named(ClusterRoleBinding.class, name).getSubjects())
          .isEqualTo(chart.named(ClusterRoleBinding.class, name).getSubjects());
    }
    assertThat(
            Rbac.describe(
                manifests.named(Role.class, "azure-identity-operator-leader-election").getRules()))
        .containsExactlyElementsOf(Rbac.LEASE_RULES);
    assertThat(Rbac.describe(manifests.named(Role.class, WEBHOOK).getRules()))
        .containsExactlyElementsOf(Rbac.webhookSecretRules(WEBHOOK))
        .containsExactlyElementsOf(Rbac.describe(chart.named(Role.class, WEBHOOK).getRules()));
    assertThat(Rbac.describe(manifests.named(ClusterRole.class, WEBHOOK).getRules()))
        .containsExactly(Rbac.webhookConfigurationRule(WEBHOOK));
    for (String name : List.of("azure-identity-operator-leader-election", WEBHOOK)) {
      assertThat(manifests.named(RoleBinding.class, name).getSubjects())
          .isEqualTo(chart.named(RoleBinding.class, name).getSubjects());
    }
    assertThat(names(manifests, "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"))
        .isEqualTo(names(chart, "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"));
  }

  @Test
  void serviceAccountAndServiceEqualTheChartDefaults() {
    ServiceAccount sa = manifests.one(ServiceAccount.class);
    assertThat(sa.getMetadata().getName())
        .isEqualTo(chart.one(ServiceAccount.class).getMetadata().getName());
    assertThat(sa.getMetadata().getAnnotations())
        .isEqualTo(chart.one(ServiceAccount.class).getMetadata().getAnnotations())
        .containsEntry("azure.workload.identity/client-id", PLACEHOLDER_ID);
    for (String name : List.of("azure-identity-operator-metrics", WEBHOOK)) {
      assertThat(manifests.named(Service.class, name).getSpec())
          .isEqualTo(chart.named(Service.class, name).getSpec());
    }
    assertThat(manifests.all(Service.class)).hasSameSizeAs(chart.all(Service.class));
  }

  @Test
  void webhookConfigurationEqualsTheChartDefaults() {
    ValidatingWebhookConfiguration mine =
        manifests.named(ValidatingWebhookConfiguration.class, WEBHOOK);
    assertThat(mine.getWebhooks())
        .isEqualTo(chart.named(ValidatingWebhookConfiguration.class, WEBHOOK).getWebhooks());
    assertThat(ChartTemplateTest.env(manifests))
        .containsEntry("OPERATOR_WEBHOOK_NAME", WEBHOOK)
        .containsEntry("OPERATOR_WEBHOOK_PORT", "9443");
  }

  private static Map<String, List<String>> names(Rendered rendered, String... kinds) {
    Map<String, List<String>> names = new TreeMap<>();
    for (String kind : kinds) {
      names.put(
          kind,
          rendered.ofKind(kind).stream()
              .map(HasMetadata::getMetadata)
              .map(m -> m.getNamespace() + "/" + m.getName())
              .sorted()
              .toList());
    }
    return names;
  }
}
