package dev.operators.identity.helm;

import static dev.operators.identity.helm.ChartTemplateTest.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.helm.ChartRenderer.Rendered;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code helm template}: how the operator's Azure credential reaches it: never but through a
 * secretKeyRef.
 */
class ChartCredentialsTest {

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
            o -> assertThat(new KubernetesSerialization().asYaml(o)).doesNotContain(value, base64));
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
