package dev.operators.identity.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --without-operator}: the local run starts everything but the operator and prints the
 * command that runs the operator's jar as its own process; that command, run as printed, makes an
 * identity ready.
 */
class LocalRunWithoutOperatorTest {

  private static final Path REPOSITORY = Path.of("..");

  @TempDir Path dir;

  @Test
  void thePrintedCommandRunsTheOperatorJarAgainstTheLocalRun() throws Exception {
    assumeTrue(
        Files.exists(REPOSITORY.resolve(OperatorLaunch.JAR)),
        OperatorLaunch.JAR + " is built by mvn verify (or package) at the root");
    assertThat(
            LocalRun.Options.parse(new String[] {"--without-operator", "--dir", "x"})
                .withoutOperator())
        .isTrue();
    var output = new ByteArrayOutputStream();
    var options =
        new LocalRun.Options(dir, dir.resolve("no-examples"), 0, 0, Duration.ofSeconds(30), true);
    try (LocalRun run =
        LocalRun.start(options, new PrintStream(output, true, StandardCharsets.UTF_8))) {
      assertThat(run.stack().operator()).isNull();
      String command = OperatorLaunch.shellCommand(dir, Duration.ofSeconds(30));
      assertThat(output.toString(StandardCharsets.UTF_8))
          .contains("Operator:                  not started")
          .contains(command);
      assertThat(command)
          .contains("source " + dir.toAbsolutePath().resolve("emulator.env"))
          .contains("KUBECONFIG=" + dir.toAbsolutePath().resolve("kubeconfig"))
          .endsWith("java -jar operator/target/azure-identity-operator.jar)");
      run.stack().client().resource(identity()).create();

      ProcessBuilder shell =
          new ProcessBuilder("bash", "-c", command)
              .directory(REPOSITORY.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("operator.log").toFile());
      // No probe port (others may hold 8080 here); java from this JVM's installation.
      shell.environment().put("OPERATOR_HEALTH_PORT", "0");
      shell
          .environment()
          .put(
              "PATH",
              Path.of(System.getProperty("java.home"), "bin")
                  + ":"
                  + shell.environment().get("PATH"));
      Process operator = shell.start();
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> ready(run) || !operator.isAlive());
        assertThat(ready(run)).as(Files.readString(dir.resolve("operator.log"))).isTrue();
        assertThat(
                run.stack()
                    .emulator()
                    .control()
                    .listResources("Microsoft.ManagedIdentity/userAssignedIdentities"))
            .extracting(i -> i.path("name").asText())
            .contains("standalone");
      } finally {
        operator.descendants().forEach(ProcessHandle::destroyForcibly);
        operator.destroyForcibly().waitFor();
      }
    }
  }

  private static boolean ready(LocalRun run) {
    UserAssignedIdentity current =
        run.stack()
            .client()
            .resources(UserAssignedIdentity.class)
            .inNamespace("default")
            .withName("standalone")
            .get();
    return current != null
        && current.getStatus() != null
        && current.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private static UserAssignedIdentity identity() {
    var spec = new UserAssignedIdentitySpec();
    spec.setResourceGroup(LocalRun.RESOURCE_GROUP);
    spec.setLocation("eastus");
    spec.setTags(Map.of("team", "orders"));
    var uai = new UserAssignedIdentity();
    uai.setMetadata(
        new ObjectMetaBuilder().withName("standalone").withNamespace("default").build());
    uai.setSpec(spec);
    return uai;
  }
}
