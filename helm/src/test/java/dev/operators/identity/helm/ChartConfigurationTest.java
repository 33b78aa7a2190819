package dev.operators.identity.helm;

import static dev.operators.identity.helm.ChartTemplateTest.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.helm.ChartRenderer.Rendered;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/**
 * {@code helm template}: values mapped to the operator's environment: clouds, CA certificates,
 * leader election.
 */
class ChartConfigurationTest {

  @Test
  void everyValueMapsToItsEnvironmentVariable() {
    Rendered rendered =
        ChartRenderer.withValues(
            """
            clusterName: aks-1
            watchNamespaces: [a, b]
            resyncPeriod: 90s
            credentialAuditPeriod: 2h
            directory:
              roleAssignableGroups: Allow
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
        .containsEntry("OPERATOR_CREDENTIAL_AUDIT_PERIOD", "2h")
        .containsEntry("OPERATOR_DIRECTORY_ROLE_ASSIGNABLE_GROUPS", "Allow")
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
            "AZURE_GRAPH_ENDPOINT",
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
        .containsEntry("AZURE_GRAPH_ENDPOINT", "https://graph.local.azurestack.external")
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
