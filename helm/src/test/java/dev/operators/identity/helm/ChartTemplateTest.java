package dev.operators.identity.helm;

import static dev.operators.identity.helm.ChartRenderer.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.helm.ChartRenderer.Rendered;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code helm template} with representative value sets (src/test/resources/values/*.yaml). */
class ChartTemplateTest {

  static final String FULLNAME = "aio-azure-identity-operator";
  static final String CLIENT_ID = "33333333-3333-3333-3333-333333333333";
  static final String TENANT_ID = "11111111-1111-1111-1111-111111111111";
  static final String SUBSCRIPTION_ID = "22222222-2222-2222-2222-222222222222";
  static final Set<String> CLUSTER_SCOPED = Set.of("ClusterRole", "ClusterRoleBinding");

  static Container operator(Rendered rendered) {
    PodSpec pod = rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers()).hasSize(1);
    return pod.getContainers().get(0);
  }

  /** Env vars with a literal value; those with valueFrom map to "valueFrom". */
  static Map<String, String> env(Rendered rendered) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : operator(rendered).getEnv()) {
      assertThat(env).as("duplicate env var %s", var.getName()).doesNotContainKey(var.getName());
      env.put(var.getName(), var.getValueFrom() != null ? "valueFrom" : var.getValue());
    }
    return env;
  }

  static List<String> kinds(Rendered rendered) {
    return rendered.objects().stream().map(HasMetadata::getKind).toList();
  }

  @Nested
  class Rbac_ {

    @ParameterizedTest
    @ValueSource(strings = {"aks-workload-identity", "client-secret", "custom-cloud", "replicas-3"})
    void allNamespacesGetAClusterRoleWithExactlyTheWatchRules(String values) {
      Rendered rendered = ChartRenderer.withValuesFile(values);

      ClusterRole role = rendered.one(ClusterRole.class);
      assertThat(Rbac.describe(role.getRules()))
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(
                      Rbac.WATCH_RULES.stream(), Stream.of(Rbac.CRD_RULE, Rbac.NAMESPACE_RULE))
                  .toList());
      ClusterRoleBinding binding = rendered.one(ClusterRoleBinding.class);
      assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
      assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
      assertThat(binding.getSubjects())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getName()).isEqualTo(FULLNAME);
                assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
              });
      assertLeaseRoleInReleaseNamespaceOnly(rendered);
    }

    @Test
    void listedNamespacesGetOneRoleAndBindingEachAndOnlyTheirCrdClusterWide() {
      Rendered rendered = ChartRenderer.withValuesFile("watch-namespaces");
      List<String> watched = List.of("team-orders", "team-payments", "team-search");

      ClusterRole crdReader = rendered.one(ClusterRole.class);
      assertThat(Rbac.describe(crdReader.getRules()))
          .containsExactly(
              Rbac.CRD_RULE, " | namespaces | get | team-orders,team-payments,team-search");
      assertThat(rendered.one(ClusterRoleBinding.class).getRoleRef().getName())
          .isEqualTo(crdReader.getMetadata().getName());
      List<Role> watchRoles =
          rendered.all(Role.class).stream()
              .filter(r -> !r.getMetadata().getName().endsWith("-leader-election"))
              .toList();
      assertThat(watchRoles)
          .extracting(r -> r.getMetadata().getNamespace())
          .containsExactlyInAnyOrderElementsOf(watched);
      assertThat(watchRoles)
          .allSatisfy(
              r ->
                  assertThat(Rbac.describe(r.getRules()))
                      .containsExactlyInAnyOrderElementsOf(Rbac.WATCH_RULES));
      List<RoleBinding> watchBindings =
          rendered.all(RoleBinding.class).stream()
              .filter(b -> !b.getMetadata().getName().endsWith("-leader-election"))
              .toList();
      assertThat(watchBindings)
          .extracting(b -> b.getMetadata().getNamespace())
          .containsExactlyInAnyOrderElementsOf(watched);
      assertThat(watchBindings)
          .allSatisfy(
              b -> {
                assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
                assertThat(b.getRoleRef().getName()).isEqualTo(FULLNAME);
                assertThat(b.getSubjects())
                    .singleElement()
                    .satisfies(
                        s -> {
                          assertThat(s.getName()).isEqualTo(FULLNAME);
                          assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
                        });
              });
      assertThat(env(rendered))
          .containsEntry("OPERATOR_WATCH_NAMESPACES", "team-orders,team-payments,team-search");
      assertLeaseRoleInReleaseNamespaceOnly(rendered);
    }

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
    void noWildcardsAndNoSecretsConfigMapsOrOtherResources(String values) {
      Rendered rendered = ChartRenderer.withValuesFile(values);
      List<PolicyRule> rules =
          rendered.objects().stream()
              .flatMap(
                  o ->
                      o instanceof Role r
                          ? r.getRules().stream()
                          : o instanceof ClusterRole c ? c.getRules().stream() : null)
              .toList();
      assertThat(rules).isNotEmpty();
      assertThat(rules)
          .allSatisfy(
              r -> {
                assertThat(r.getVerbs()).doesNotContain("*");
                assertThat(r.getResources()).doesNotContain("*");
                assertThat(r.getApiGroups()).doesNotContain("*");
                assertThat(r.getNonResourceURLs()).isNullOrEmpty();
                // names narrow a rule; only the CRD rule has them
                if (r.getResourceNames() != null && !r.getResourceNames().isEmpty()) {
                  assertThat(Rbac.describe(r))
                      .matches(".*(customresourcedefinitions|namespaces).*");
                }
              });
      Set<String> all =
          rules.stream().map(Rbac::describe).collect(Collectors.toCollection(TreeSet::new));
      Set<String> allowed = new TreeSet<>(Rbac.WATCH_RULES);
      allowed.addAll(Rbac.LEASE_RULES);
      allowed.add(Rbac.CRD_RULE);
      allowed.add(Rbac.NAMESPACE_RULE);
      allowed.add(" | namespaces | get | team-orders,team-payments,team-search");
      assertThat(all).isSubsetOf(allowed);
    }

    private void assertLeaseRoleInReleaseNamespaceOnly(Rendered rendered) {
      List<Role> leaseRoles =
          rendered.all(Role.class).stream()
              .filter(r -> r.getRules().stream().anyMatch(p -> p.getResources().contains("leases")))
              .toList();
      assertThat(leaseRoles)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
                assertThat(Rbac.describe(r.getRules())).containsExactlyElementsOf(Rbac.LEASE_RULES);
              });
      assertThat(rendered.all(RoleBinding.class))
          .filteredOn(b -> b.getRoleRef().getName().equals(FULLNAME + "-leader-election"))
          .singleElement()
          .satisfies(b -> assertThat(b.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
    }
  }

  @Nested
  class Pod {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "aks-workload-identity",
          "client-secret",
          "watch-namespaces",
          "custom-cloud",
          "replicas-3"
        })
    void isHardened(String values) {
      Rendered rendered = ChartRenderer.withValuesFile(values);
      PodSpec pod = rendered.one(Deployment.class).getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      assertThat(pod.getServiceAccountName()).isEqualTo(FULLNAME);

      Container c = operator(rendered);
      var sc = c.getSecurityContext();
      assertThat(sc.getRunAsNonRoot()).isTrue();
      assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
      assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
      assertThat(sc.getPrivileged()).isFalse();
      assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
      assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

      assertThat(c.getVolumeMounts())
          .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
      String tmpVolume =
          c.getVolumeMounts().stream()
              .filter(m -> m.getMountPath().equals("/tmp"))
              .findFirst()
              .orElseThrow()
              .getName();
      assertThat(pod.getVolumes())
          .filteredOn(v -> v.getName().equals(tmpVolume))
          .singleElement()
          .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());

      assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
      assertThat(c.getResources().getLimits()).containsKey("memory");
      assertThat(env(rendered).get("JDK_JAVA_OPTIONS")).contains("-XX:MaxRAMPercentage=");
      assertThat(pod.getTerminationGracePeriodSeconds())
          .as("30 s of reconcile drain, then the lease release")
          .isEqualTo(45L);
    }

    @Test
    void byDefaultLogsAreJsonWithoutAzureCallLinesAndThePodHas45SecondsToStop() {
      Rendered rendered = ChartRenderer.withValuesFile("aks-workload-identity");
      assertThat(env(rendered))
          .containsEntry("LOG_FORMAT", "json")
          .containsEntry("AZURE_CALL_LOG_LEVEL", "info");
      assertThat(
              rendered
                  .one(Deployment.class)
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getTerminationGracePeriodSeconds())
          .isEqualTo(45L);
    }

    @Test
    void probesHitTheHealthEndpointsOnPortHttp() {
      Rendered rendered = ChartRenderer.withValuesFile("aks-workload-identity");
      Container c = operator(rendered);
      assertThat(c.getPorts())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(8080);
              });
      assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
      assertThat(c.getLivenessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString("http"));
      assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
      assertThat(c.getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString("http"));
      assertThat(env(rendered)).containsEntry("OPERATOR_HEALTH_PORT", "8080");
    }

    @Test
    void healthPortMovesTheContainerPortAndTheEnvVarTogether() {
      Rendered rendered =
          ChartRenderer.withValues(
              "clusterName: c1\nhealthPort: 9090\nazure: {clientId: " + CLIENT_ID + "}\n");
      assertThat(operator(rendered).getPorts().get(0).getContainerPort()).isEqualTo(9090);
      assertThat(env(rendered)).containsEntry("OPERATOR_HEALTH_PORT", "9090");
    }
  }

  @Nested
  class Credentials {

    @Test
    void workloadIdentityAnnotatesTheServiceAccountAndLabelsThePod() {
      Rendered rendered = ChartRenderer.withValuesFile("aks-workload-identity");

      ServiceAccount sa = rendered.one(ServiceAccount.class);
      assertThat(sa.getMetadata().getName()).isEqualTo(FULLNAME);
      assertThat(sa.getMetadata().getAnnotations())
          .containsEntry("azure.workload.identity/client-id", CLIENT_ID);
      assertThat(rendered.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels())
          .containsEntry("azure.workload.identity/use", "true");
      assertThat(env(rendered))
          .containsEntry("AZURE_CLIENT_ID", CLIENT_ID)
          .containsEntry("AZURE_TENANT_ID", TENANT_ID)
          .containsEntry("AZURE_SUBSCRIPTION_ID", SUBSCRIPTION_ID)
          .doesNotContainKey("AZURE_CLIENT_SECRET");
      assertThat(rendered.all(Secret.class)).isEmpty();
      assertThat(rendered.ofKind("ConfigMap")).isEmpty();
    }

    @Test
    void existingSecretIsReferencedThroughSecretKeyRefOnly() {
      Rendered rendered = ChartRenderer.withValuesFile("client-secret");

      EnvVar secret =
          operator(rendered).getEnv().stream()
              .filter(e -> e.getName().equals("AZURE_CLIENT_SECRET"))
              .findFirst()
              .orElseThrow();
      assertThat(secret.getValue()).isNull();
      assertThat(secret.getValueFrom().getSecretKeyRef().getName())
          .isEqualTo("operator-azure-credentials");
      assertThat(secret.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("client-secret");
      assertThat(rendered.all(Secret.class)).isEmpty();
      assertThat(rendered.ofKind("ConfigMap")).isEmpty();
      assertThat(rendered.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels())
          .doesNotContainKey("azure.workload.identity/use");
      assertThat(rendered.one(ServiceAccount.class).getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void aSecretCreatedFromAValueAppearsOnlyInsideThatSecret() {
      String value = "s3cr3t-Value~with.special_chars";
      String base64 = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
      Rendered rendered = ChartRenderer.withValuesFile("client-secret-created");

      assertThat(rendered.yaml()).doesNotContain(value);
      Secret secret = rendered.one(Secret.class);
      assertThat(secret.getData()).containsExactly(Map.entry("client-secret", base64));
      assertThat(rendered.objects())
          .filteredOn(o -> !(o instanceof Secret))
          .allSatisfy(
              o ->
                  assertThat(new KubernetesSerialization().asYaml(o))
                      .doesNotContain(value, base64));
      EnvVar ref =
          operator(rendered).getEnv().stream()
              .filter(e -> e.getName().equals("AZURE_CLIENT_SECRET"))
              .findFirst()
              .orElseThrow();
      assertThat(ref.getValueFrom().getSecretKeyRef().getName())
          .isEqualTo(secret.getMetadata().getName());
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "aks-workload-identity",
          "client-secret",
          "watch-namespaces",
          "custom-cloud",
          "replicas-3"
        })
    void nothingButASecretKeyRefEverProvidesTheClientSecret(String values) {
      Rendered rendered = ChartRenderer.withValuesFile(values);
      assertThat(rendered.all(Secret.class)).isEmpty();
      operator(rendered).getEnv().stream()
          .filter(e -> e.getName().equals("AZURE_CLIENT_SECRET"))
          .forEach(
              e -> {
                assertThat(e.getValue()).isNull();
                assertThat(e.getValueFrom().getSecretKeyRef()).isNotNull();
              });
    }
  }

  @Nested
  class Configuration {

    @Test
    void everyValueMapsToItsEnvironmentVariable() {
      Rendered rendered =
          ChartRenderer.withValues(
              """
              clusterName: aks-1
              watchNamespaces: [a, b]
              resyncPeriod: 90s
              reconcileConcurrency: 12
              healthPort: 8081
              logFormat: text
              terminationGracePeriodSeconds: 120
              azure:
                callLogLevel: debug
                cloud: AzureUSGovernment
                tenantId: %s
                subscriptionId: %s
                clientId: %s
              """
                  .formatted(TENANT_ID, SUBSCRIPTION_ID, CLIENT_ID));
      assertThat(env(rendered))
          .containsEntry("OPERATOR_CLUSTER_NAME", "aks-1")
          .containsEntry("OPERATOR_WATCH_NAMESPACES", "a,b")
          .containsEntry("OPERATOR_RESYNC_PERIOD", "90s")
          .containsEntry("OPERATOR_RECONCILE_CONCURRENCY", "12")
          .containsEntry("OPERATOR_HEALTH_PORT", "8081")
          .containsEntry("OPERATOR_LEADER_ELECTION", "false")
          .containsEntry("OPERATOR_LEADER_ELECTION_NAMESPACE", "valueFrom")
          .containsEntry("LOG_FORMAT", "text")
          .containsEntry("AZURE_CALL_LOG_LEVEL", "debug")
          .containsEntry("AZURE_CLOUD", "AzureUSGovernment")
          .containsEntry("AZURE_TENANT_ID", TENANT_ID)
          .containsEntry("AZURE_SUBSCRIPTION_ID", SUBSCRIPTION_ID)
          .containsEntry("AZURE_CLIENT_ID", CLIENT_ID)
          .doesNotContainKeys(
              "AZURE_RESOURCE_MANAGER_ENDPOINT",
              "AZURE_AUTHORITY_HOST",
              "AZURE_CLIENT_SECRET",
              "AZURE_CA_CERT_FILE");
      EnvVar leNamespace =
          operator(rendered).getEnv().stream()
              .filter(e -> e.getName().equals("OPERATOR_LEADER_ELECTION_NAMESPACE"))
              .findFirst()
              .orElseThrow();
      assertThat(leNamespace.getValueFrom().getFieldRef().getFieldPath())
          .isEqualTo("metadata.namespace");
      assertThat(
              rendered
                  .one(Deployment.class)
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getTerminationGracePeriodSeconds())
          .isEqualTo(120L);
    }

    @Test
    void customCloudSetsEndpointsAndMountsTheCaCertificate() {
      Rendered rendered = ChartRenderer.withValuesFile("custom-cloud");

      assertThat(env(rendered))
          .containsEntry("AZURE_CLOUD", "Custom")
          .containsEntry(
              "AZURE_RESOURCE_MANAGER_ENDPOINT", "https://management.local.azurestack.external")
          .containsEntry("AZURE_AUTHORITY_HOST", "https://login.local.azurestack.external")
          .containsEntry("AZURE_CA_CERT_FILE", "/etc/azure-identity-operator/ca/ca.pem");
      Container c = operator(rendered);
      assertThat(c.getVolumeMounts())
          .filteredOn(m -> m.getMountPath().equals("/etc/azure-identity-operator/ca"))
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.getReadOnly()).isTrue();
                Volume v =
                    rendered
                        .one(Deployment.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getVolumes()
                        .stream()
                        .filter(vol -> vol.getName().equals(m.getName()))
                        .findFirst()
                        .orElseThrow();
                assertThat(v.getConfigMap().getName()).isEqualTo("azure-stack-ca");
                assertThat(v.getConfigMap().getItems())
                    .singleElement()
                    .satisfies(i -> assertThat(i.getKey()).isEqualTo("ca.pem"));
              });
    }

    @Test
    void caCertificateCanComeFromASecret() {
      Rendered rendered =
          ChartRenderer.withValues(
              "clusterName: c1\nazure: {clientId: %s, caCertificate: {secret: my-ca}}\n"
                  .formatted(CLIENT_ID));
      assertThat(env(rendered))
          .containsEntry("AZURE_CA_CERT_FILE", "/etc/azure-identity-operator/ca/ca.crt");
      assertThat(rendered.one(Deployment.class).getSpec().getTemplate().getSpec().getVolumes())
          .filteredOn(v -> v.getSecret() != null)
          .singleElement()
          .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("my-ca"));
    }
  }

  @Nested
  class Availability {

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
      Service service = rendered.one(Service.class);
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
      assertThat(monitor.getMetadata().getLabels())
          .containsEntry("release", "kube-prometheus-stack");
      Map<String, Object> endpoint =
          monitor.<List<Map<String, Object>>>get("spec", "endpoints").get(0);
      assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/metrics");
      Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
      assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selector);
    }

    @Test
    void networkPolicyAllowsOnlyDnsApiServerAndHttpsOutAndPortHttpIn() {
      NetworkPolicy policy = ChartRenderer.withValuesFile("replicas-3").one(NetworkPolicy.class);
      assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
      assertThat(policy.getSpec().getIngress())
          .singleElement()
          .satisfies(
              i ->
                  assertThat(i.getPorts())
                      .singleElement()
                      .satisfies(p -> assertThat(p.getPort()).isEqualTo(new IntOrString("http"))));
      Set<Object> egressPorts =
          policy.getSpec().getEgress().stream()
              .flatMap(e -> e.getPorts().stream())
              .map(p -> p.getPort().getValue())
              .collect(Collectors.toSet());
      assertThat(egressPorts).containsExactlyInAnyOrder(53, 443, 6443);
    }
  }

  @Test
  void everyNamespacedObjectIsInTheReleaseNamespaceExceptWatchedNamespaceRbac() {
    Rendered rendered = ChartRenderer.withValuesFile("watch-namespaces");
    assertThat(rendered.objects())
        .filteredOn(o -> !(o instanceof Role) && !(o instanceof RoleBinding))
        .filteredOn(o -> !CLUSTER_SCOPED.contains(o.getKind()))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
  }
}
