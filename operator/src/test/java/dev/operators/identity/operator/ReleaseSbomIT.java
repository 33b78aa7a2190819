package dev.operators.identity.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The release's SBOM, target/bom.json (cyclonedx-maven-plugin, phase package): CycloneDX JSON for
 * this operator and its runtime dependencies, test-only libraries left out. Runs in verify; skipped
 * when Maven ran offline and wrote none.
 */
class ReleaseSbomIT {

  static final Path BOM = Path.of(System.getProperty("sbom.file", "target/bom.json"));

  static JsonNode bom;
  static List<String> components;

  @BeforeAll
  static void read() throws IOException {
    // cyclonedx-maven-plugin declares itself online-only: under mvn -o it skips makeBom.
    assumeFalse(
        Boolean.getBoolean("maven.offline") && !Files.exists(BOM),
        "no SBOM: Maven ran offline, and cyclonedx-maven-plugin then skips (CI runs online)");
    bom = new ObjectMapper().readTree(BOM.toFile());
    components = new ArrayList<>();
    bom.path("components")
        .forEach(c -> components.add(c.path("group").asText() + ":" + c.path("name").asText()));
  }

  @Test
  void isCycloneDxJsonDescribingThisOperator() {
    assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    assertThat(bom.path("specVersion").asText()).matches("1\\.[4-9]");
    JsonNode self = bom.path("metadata").path("component");
    assertThat(self.path("name").asText()).isEqualTo("azure-identity-operator");
    assertThat(self.path("version").asText()).isEqualTo(System.getProperty("project.version"));
    assertThat(self.path("type").asText()).isEqualTo("application");
    assertThat(self.path("licenses").findValuesAsText("id")).containsExactly("Apache-2.0");
  }

  @Test
  void namesTheOperatorsMainRuntimeDependenciesWithVersionsAndPackageUrls() {
    assertThat(components)
        .contains(
            "io.javaoperatorsdk:operator-framework",
            "io.javaoperatorsdk:operator-framework-core",
            "io.fabric8:kubernetes-client",
            "io.fabric8:kubernetes-httpclient-jdk",
            "com.azure.resourcemanager:azure-resourcemanager-msi",
            "com.azure.resourcemanager:azure-resourcemanager-authorization",
            "com.azure.resourcemanager:azure-resourcemanager-resources",
            "com.azure:azure-identity",
            "com.azure:azure-core-http-jdk-httpclient",
            "dev.operators.identity:azure-identity-operator-crds");
    assertThat(bom.path("components"))
        .allSatisfy(
            c -> {
              assertThat(c.path("version").asText()).as(c.path("name").asText()).isNotBlank();
              assertThat(c.path("purl").asText()).startsWith("pkg:maven/");
            });
  }

  @Test
  void leavesOutTestOnlyAndExcludedLibraries() {
    assertThat(components)
        .noneMatch(c -> c.startsWith("org.junit"))
        .doesNotContain(
            "org.assertj:assertj-core",
            "net.jqwik:jqwik",
            "io.fabric8:kubernetes-server-mock",
            "com.azure:azure-core-http-netty",
            "io.fabric8:kubernetes-httpclient-vertx");
  }
}
