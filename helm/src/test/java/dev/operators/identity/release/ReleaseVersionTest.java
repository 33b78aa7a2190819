package dev.operators.identity.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart, its default image and the plain manifests name the version and image the build names
 * (the Maven project version without -SNAPSHOT, and the pom's image.repository): a version bump in
 * one place only fails here.
 */
class ReleaseVersionTest {

  static final Path CHART = Path.of(System.getProperty("chart.dir", "azure-identity-operator"));
  static final Path DEPLOY = Path.of(System.getProperty("deploy.dir", "../deploy"));
  static final ReleaseVersion VERSION =
      ReleaseVersion.ofProjectVersion(System.getProperty("project.version"));
  static final String REPOSITORY = System.getProperty("image.repository");

  @Test
  void theChartsVersionAndAppVersionAreTheReleaseVersion() throws IOException {
    Map<String, Object> chart = Yaml.map(Files.readString(CHART.resolve("Chart.yaml")));
    assertThat(chart).containsEntry("version", VERSION.value());
    assertThat(chart).containsEntry("appVersion", VERSION.value());
  }

  @Test
  void theChartsDefaultImageIsTheOneTheBuildNames() throws IOException {
    Map<String, Object> values = Yaml.map(Files.readString(CHART.resolve("values.yaml")));
    Map<?, ?> image = (Map<?, ?>) values.get("image");
    assertThat(image.get("repository")).isEqualTo(REPOSITORY);
    assertThat(image.get("tag")).as("empty: the chart's appVersion").isEqualTo("");
    ReleaseArtifacts.checkChart(CHART, VERSION, REPOSITORY);
  }

  @Test
  void theCommittedDeploymentNamesTheReleaseImage() throws IOException {
    Matcher image =
        Pattern.compile("(?m)^\\s+image:\\s*(\\S+)\\s*$")
            .matcher(Files.readString(DEPLOY.resolve("manifests/deployment.yaml")));
    assertThat(image.find()).isTrue();
    assertThat(image.group(1)).isEqualTo(VERSION.image(REPOSITORY));
    assertThat(image.find()).as("one image in the Deployment").isFalse();
  }

  @Test
  void theReleaseVersionDropsOnlyTheSnapshotSuffix() {
    assertThat(ReleaseVersion.ofProjectVersion("0.1.0-SNAPSHOT").value()).isEqualTo("0.1.0");
    assertThat(ReleaseVersion.ofProjectVersion("1.2.3").value()).isEqualTo("1.2.3");
    assertThat(ReleaseVersion.ofProjectVersion("1.2.3-rc.1").value()).isEqualTo("1.2.3-rc.1");
    assertThat(VERSION.image("example.com/op")).isEqualTo("example.com/op:" + VERSION);
    assertThatThrownBy(() -> ReleaseVersion.ofProjectVersion("latest"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReleaseVersion("1.0.0-SNAPSHOT"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theReleaseStepRefusesAChartWhoseVersionDrifted(@TempDir Path dir) throws IOException {
    Path chart = copyOfChartFiles(dir);
    Path meta = chart.resolve("Chart.yaml");
    Files.writeString(
        meta,
        Files.readString(meta).replace("appVersion: \"" + VERSION + "\"", "appVersion: \"9.9.9\""));
    assertThatThrownBy(() -> ReleaseArtifacts.checkChart(chart, VERSION, REPOSITORY))
        .hasMessageContaining("appVersion is 9.9.9, the build names " + VERSION);
    assertThatThrownBy(() -> ReleaseArtifacts.checkChart(copyOfChartFiles(dir), VERSION, "x/y"))
        .hasMessageContaining("image.repository is " + REPOSITORY + ", the build names x/y");
  }

  @Test
  void thePinnedManifestsNameTheImageTheyAreGiven() throws IOException {
    String yaml = PinnedManifests.render(DEPLOY, "example.com/op:7.7.7");
    assertThat(Pattern.compile("(?m)^\\s+image: (\\S+)$").matcher(yaml).results())
        .extracting(m -> m.group(1))
        .as("the operator's image, and only it, in the Deployment")
        .containsExactly("example.com/op:7.7.7");
  }

  private static Path copyOfChartFiles(Path dir) throws IOException {
    Path chart = Files.createTempDirectory(dir, "chart");
    for (String file : Stream.of("Chart.yaml", "values.yaml").toList()) {
      Files.copy(CHART.resolve(file), chart.resolve(file));
    }
    return chart;
  }
}
