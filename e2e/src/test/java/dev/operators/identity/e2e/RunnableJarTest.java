package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The container image's runnable jar must keep every Log4j plugin: a shaded jar that kept only
 * log4j-core's plugin cache could not find the JSON layout and logged nothing at all with
 * LOG_FORMAT=json.
 */
class RunnableJarTest {

  private static final String PLUGIN_CACHE =
      "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat";

  /** Built by the operator module's package phase, before this module's tests in the reactor. */
  @Test
  void theJsonLayoutIsRegisteredInTheOperatorsRunnableJar() throws IOException {
    Path jar = Path.of("..", "operator", "target", "azure-identity-operator.jar");
    assumeTrue(Files.exists(jar), jar + " is built by mvn verify (or package) at the root");
    try (JarFile file = new JarFile(jar.toFile())) {
      byte[] cache = file.getInputStream(file.getEntry(PLUGIN_CACHE)).readAllBytes();
      String plugins = new String(cache, StandardCharsets.ISO_8859_1);
      assertThat(plugins).contains("JsonTemplateLayout").contains("PatternLayout");
    }
  }
}
