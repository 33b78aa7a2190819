package dev.operators.identity.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.config.OperatorConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the examples become ready identities, and the hand-off works. */
class LocalRunTest {

  @TempDir Path dir;

  @Test
  void everyExampleBecomesAReadyIdentityAndTheConnectionFilesWork() throws Exception {
    var output = new ByteArrayOutputStream();
    var options =
        new LocalRun.Options(
            dir, Path.of("..", "deploy", "examples"), 0, 0, Duration.ofSeconds(30));
    try (LocalRun run =
        LocalRun.start(options, new PrintStream(output, true, StandardCharsets.UTF_8))) {
      assertThat(run.applyExamples()).hasSizeGreaterThanOrEqualTo(5);

      List<UserAssignedIdentity> shown = run.showIdentities(Duration.ofSeconds(60));

      assertThat(shown)
          .extracting(i -> i.getMetadata().getName())
          .contains(
              "orders-api",
              "orders-worker-westeurope",
              "orders-batch",
              "legacy-reporting",
              "orders-reader",
              "orders-web",
              "orders-web-workload",
              "orders-regional-eastus",
              "orders-regional-westeurope");
      assertThat(shown)
          .allSatisfy(
              i ->
                  assertThat(i.getStatus().getConditions())
                      .filteredOn(c -> c.getType().equals("Ready"))
                      .singleElement()
                      .satisfies(
                          c -> assertThat(c.getStatus()).as(c.getMessage()).isEqualTo("True")));
      assertThat(shown)
          .filteredOn(i -> i.getMetadata().getName().equals("orders-worker-westeurope"))
          .singleElement()
          .satisfies(
              i ->
                  assertThat(i.getStatus().getIsolationScope()).isEqualTo(IsolationScope.Regional));
      assertThat(shown)
          .filteredOn(i -> i.getMetadata().getName().startsWith("orders-regional-"))
          .hasSize(2)
          .allSatisfy(
              i -> {
                assertThat(i.getStatus().getIsolationScope()).isEqualTo(IsolationScope.Regional);
                assertThat(i.getStatus().getAssignees()).hasSize(1);
                assertThat(i.getStatus().getLocation()).isEqualTo(i.getSpec().getLocation());
              });
      assertThat(shown)
          .filteredOn(i -> i.getMetadata().getName().equals("orders-reader"))
          .singleElement()
          .satisfies(i -> assertThat(i.getStatus().getRoleAssignments()).hasSize(2));
      assertThat(shown)
          .filteredOn(i -> i.getMetadata().getName().equals("orders-web"))
          .singleElement()
          .satisfies(i -> assertThat(i.getStatus().getAssignees()).hasSize(2));
      String printed = output.toString(StandardCharsets.UTF_8);
      assertThat(printed).contains("orders-api").contains("legacy-reporting").contains("READY");

      // A person's kubectl (here a client from the written kubeconfig) sees the same identities.
      Config config = Config.fromKubeconfig(Files.readString(dir.resolve("kubeconfig")));
      // As EmbeddedKubernetes.config() does: the mock server can leave a JDK client's HTTP/2
      // (h2c) upgrade unanswered, which hung this request once; kubectl speaks HTTP/1.1 to it.
      config.setHttp2Disable(true);
      config.setRequestTimeout(5_000);
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(30))
            .ignoreExceptions()
            .untilAsserted(
                () ->
                    assertThat(
                            client
                                .resources(UserAssignedIdentity.class)
                                .inAnyNamespace()
                                .list()
                                .getItems())
                        .hasSize(shown.size()));
      }

      // The emulator's connection file is a complete operator configuration.
      Map<String, String> env = new HashMap<>();
      for (String line : Files.readAllLines(dir.resolve("emulator.env"))) {
        // every variable is exported, so a program started after `source` sees it
        assertThat(line).startsWith("export ");
        line = line.substring("export ".length());
        if (line.contains("=")) {
          env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
      }
      env.put("OPERATOR_CLUSTER_NAME", "second");
      OperatorConfig fromFile = OperatorConfig.fromEnvironment(env);
      assertThat(fromFile.cloud().resourceManagerEndpoint())
          .startsWith(run.stack().emulator().baseUrl().toString());
      assertThat(Files.exists(fromFile.caCertificateFile())).isTrue();
      assertThat(fromFile.defaultSubscriptionId())
          .isEqualTo(run.stack().emulator().defaultSubscriptionId());
    }
  }
}
