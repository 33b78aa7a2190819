package dev.operators.identity.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's crds/ (installed by Helm, not rendered by {@code helm template}) holds exactly the
 * CRDs the crds module generates, byte for byte. Refresh with {@code mvn -pl crds
 * process-test-classes -Pupdate-crds}.
 */
class ChartCrdsTest {

  private static final String FIX = "run `mvn -pl crds process-test-classes -Pupdate-crds`";

  @Test
  void chartCrdsEqualTheGeneratedOnes() throws IOException {
    Path generatedDir = Path.of(System.getProperty("crd.generated.dir"));
    // The crds module builds first in the reactor; alone (-pl helm) fall back to the committed
    // copy.
    Path source =
        Files.isDirectory(generatedDir) && !crds(generatedDir).isEmpty()
            ? generatedDir
            : Path.of(System.getProperty("crd.committed.dir"));
    Path chartCrds = ChartRenderer.CHART_DIR.resolve("crds");

    List<Path> expected = crds(source);
    assertThat(expected).as("CRDs in %s", source).isNotEmpty();
    assertThat(crds(chartCrds).stream().map(p -> p.getFileName().toString()))
        .as("files in %s: %s", chartCrds, FIX)
        .containsExactlyInAnyOrderElementsOf(
            expected.stream().map(p -> p.getFileName().toString()).toList());
    for (Path crd : expected) {
      Path copy = chartCrds.resolve(crd.getFileName().toString());
      assertThat(Arrays.equals(Files.readAllBytes(copy), Files.readAllBytes(crd)))
          .as("%s differs from %s: %s", copy, crd, FIX)
          .isTrue();
    }
  }

  private static List<Path> crds(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith("-v1.yml")).sorted().toList();
    }
  }
}
