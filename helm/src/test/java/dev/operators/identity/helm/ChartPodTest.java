package dev.operators.identity.helm;

import static dev.operators.identity.helm.ChartTemplateTest.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.helm.ChartRenderer.Rendered;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code helm template}: the operator's pod: hardening, logging, probes, workload identity. */
class ChartPodTest {

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
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
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

    assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
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
        .filteredOn(p -> p.getName().equals("http"))
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
