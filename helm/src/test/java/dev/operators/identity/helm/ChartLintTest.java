package dev.operators.identity.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code helm lint --strict}. helm-java's lint takes no values, and the chart has one value without
 * a default (clusterName, required by the schema), so the chart is linted as a user configures it:
 * a copy whose values.yaml also sets src/test/resources/values/lint.yaml.
 */
class ChartLintTest {

  @Test
  void lintStrictPassesOnceTheRequiredValuesAreSet(@TempDir Path tmp) throws IOException {
    Path chart = copyChart(tmp.resolve("azure-identity-operator"));
    Files.writeString(
        chart.resolve("values.yaml"),
        "\n" + Files.readString(ChartRenderer.VALUES_DIR.resolve("lint.yaml")),
        StandardOpenOption.APPEND);

    LintResult result = new Helm(chart).lint().strict().call();

    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .as("only informational messages")
        .allSatisfy(m -> assertThat(m).doesNotContain("[ERROR]", "[WARNING]"));
  }

  @Test
  void lintOfTheChartAsShippedOnlyComplainsThatClusterNameIsMissing() {
    LintResult result = new Helm(ChartRenderer.CHART_DIR).lint().strict().call();

    assertThat(result.isFailed()).isTrue();
    List<String> problems =
        result.getMessages().stream().filter(m -> m.contains(" - at '")).toList();
    assertThat(problems)
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m).endsWith("- at '': missing property 'clusterName'"));
  }

  private static Path copyChart(Path target) throws IOException {
    try (Stream<Path> files = Files.walk(ChartRenderer.CHART_DIR)) {
      for (Path source : files.toList()) {
        Path copy = target.resolve(ChartRenderer.CHART_DIR.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy);
        }
      }
    }
    return target;
  }
}
