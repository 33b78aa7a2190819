package dev.operators.identity.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import dev.operators.identity.helm.ChartRenderer.Rendered;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the release step (phase package) wrote into target/: the chart package with its version and
 * default image, and deploy/ rendered with the image pinned. Runs in verify (failsafe).
 */
class ReleaseArtifactsIT {

  static final Path RELEASE_DIR = Path.of(System.getProperty("release.dir", "target"));
  static final String VERSION = System.getProperty("project.version").replace("-SNAPSHOT", "");
  static final String IMAGE = System.getProperty("image.repository") + ":" + VERSION;
  static final Path PACKAGE = RELEASE_DIR.resolve("azure-identity-operator-" + VERSION + ".tgz");
  static final Path MANIFESTS = RELEASE_DIR.resolve("azure-identity-operator-" + VERSION + ".yaml");
  static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void theChartPackageCarriesTheReleaseVersion() throws IOException {
    assertThat(PACKAGE).isRegularFile();
    Map<?, ?> chart = YAML.readValue(Helm.show(PACKAGE.toString()).chart().call(), Map.class);
    assertThat(chart.get("name")).isEqualTo("azure-identity-operator");
    assertThat(chart.get("version")).isEqualTo(VERSION);
    assertThat(chart.get("appVersion")).isEqualTo(VERSION);
    List<String> crds =
        ChartRenderer.parse(Helm.show(PACKAGE.toString()).crds().call()).objects().stream()
            .map(o -> o.getKind() + " " + o.getMetadata().getName() + "-v1.yml")
            .toList();
    try (var files = Files.list(ChartRenderer.CHART_DIR.resolve("crds"))) {
      assertThat(crds)
          .as("the chart's crds/, every one")
          .containsExactlyInAnyOrderElementsOf(
              files.map(f -> "CustomResourceDefinition " + f.getFileName()).toList());
    }
  }

  @Test
  void thePackagedChartRunsTheImageTheBuildNames() throws IOException {
    Map<?, ?> values = YAML.readValue(Helm.show(PACKAGE.toString()).values().call(), Map.class);
    assertThat(((Map<?, ?>) values.get("image")).get("tag")).isEqualTo("");
    Rendered rendered =
        ChartRenderer.parse(
            new Helm(PACKAGE)
                .template()
                .withName("azure-identity-operator")
                .withNamespace(ChartRenderer.NAMESPACE)
                .set("clusterName", "release-check")
                .set("azure.clientId", PlainManifestsTest.PLACEHOLDER_ID)
                .call());
    assertThat(images(rendered.one(Deployment.class))).containsExactly(IMAGE);
  }

  @Test
  void thePinnedManifestsAreDeployWithTheReleaseImage() throws IOException {
    assertThat(MANIFESTS).isRegularFile();
    Rendered pinned = ChartRenderer.parse(Files.readString(MANIFESTS));
    assertThat(images(pinned.one(Deployment.class))).containsExactly(IMAGE);
    List<String> expected = new ArrayList<>();
    for (String resource : PlainManifestsTest.resources()) {
      String yaml = Files.readString(PlainManifestsTest.DEPLOY.resolve(resource));
      ChartRenderer.parse(yaml).objects().forEach(o -> expected.add(id(o)));
    }
    assertThat(pinned.objects()).extracting(ReleaseArtifactsIT::id).isEqualTo(expected);
    assertThat(pinned.objects())
        .allSatisfy(
            o ->
                assertThat(o.getMetadata().getLabels())
                    .as(id(o))
                    .containsEntry("app.kubernetes.io/part-of", "azure-identity-operator"));
  }

  static List<String> images(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
        .map(c -> c.getImage())
        .toList();
  }

  static String id(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }
}
