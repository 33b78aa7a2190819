package dev.operators.identity.release;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The build step that writes the release's chart package and pinned manifests (phase {@code
 * package} of the helm module): {@code azure-identity-operator-VERSION.tgz} and {@code
 * azure-identity-operator-VERSION.yaml} in the output folder. It refuses to package a chart whose
 * version, appVersion or image repository differ from what the build names.
 *
 * <p>Arguments: project version, image repository, chart folder, deploy folder, output folder.
 */
public final class ReleaseArtifacts {

  static final String NAME = "azure-identity-operator";

  private ReleaseArtifacts() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      throw new IllegalArgumentException(
          "usage: PROJECT_VERSION IMAGE_REPOSITORY CHART_DIR DEPLOY_DIR OUTPUT_DIR");
    }
    ReleaseVersion version = ReleaseVersion.ofProjectVersion(args[0]);
    String repository = args[1];
    Path chart = Path.of(args[2]);
    Path output = Files.createDirectories(Path.of(args[4]));
    checkChart(chart, version, repository);
    new Helm(chart).packageIt().withDestination(output).call();
    Path tgz = output.resolve(NAME + "-" + version + ".tgz");
    if (!Files.isRegularFile(tgz)) {
      throw new IllegalStateException("helm package wrote no " + tgz);
    }
    Path yaml = output.resolve(NAME + "-" + version + ".yaml");
    Files.writeString(yaml, PinnedManifests.render(Path.of(args[3]), version.image(repository)));
    System.out.println("[release] " + tgz + "\n[release] " + yaml);
  }

  /** Fails unless Chart.yaml and values.yaml name this version and image repository. */
  static void checkChart(Path chart, ReleaseVersion version, String repository) throws IOException {
    Map<String, Object> meta = Yaml.map(Files.readString(chart.resolve("Chart.yaml")));
    Map<String, Object> values = Yaml.map(Files.readString(chart.resolve("values.yaml")));
    Map<?, ?> image = (Map<?, ?>) values.get("image");
    require("Chart.yaml version", meta.get("version"), version.value());
    require("Chart.yaml appVersion", meta.get("appVersion"), version.value());
    require("values.yaml image.repository", image.get("repository"), repository);
    require("values.yaml image.tag (empty: the appVersion)", image.get("tag"), "");
  }

  private static void require(String what, Object actual, String expected) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException(what + " is " + actual + ", the build names " + expected);
    }
  }
}
