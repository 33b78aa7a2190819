package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.ExportSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.ServiceAccountSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.WorkloadIdentitySpec;
import dev.operators.identity.emulator.EmulatorConfig;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The stack for moving identities: an identity in use, and a watcher of every moment. */
abstract class MigrationE2EFixture extends E2EFixture {

  static final String SUB2 = EmulatorConfig.SECOND_SUBSCRIPTION_ID;

  /** This test's resource name; its identities are named after it (unique per test). */
  String name;

  /** What a watcher saw go wrong at any moment during the test (sampled continuously). */
  final List<String> violations = new CopyOnWriteArrayList<>();

  ScheduledExecutorService watcher;
  String vm;

  @BeforeEach
  void anIdentityInUse() throws Exception {
    name = "mv-" + namespace.substring(2);
    stack.emulator().control().createResourceGroup(sub, "rg-west", "westus");
    stack.emulator().control().createResourceGroup(SUB2, "rg-other", "eastus");
    vm =
        AssigneesE2ETest.seed(
            "Microsoft.Compute/virtualMachines", "vm-" + namespace, "eastus", null);
    stack
        .client()
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("orders").endMetadata().build())
        .create();
    UserAssignedIdentity uai = identity(name, "eastus");
    uai.getSpec().setAzureName(name + "-eastus");
    uai.getSpec()
        .setRoleAssignments(
            List.of(
                new RoleAssignmentSpec(
                    "Reader", "/subscriptions/" + sub + "/resourceGroups/" + RG)));
    uai.getSpec().setAssignees(List.of(new AssigneeSpec(vm)));
    var workload = new WorkloadIdentitySpec();
    workload.setServiceAccounts(List.of(new ServiceAccountSpec("orders")));
    uai.getSpec().setWorkloadIdentity(workload);
    var export = new ExportSpec();
    export.setConfigMap(new ExportSpec.ConfigMapTarget("orders-identity"));
    uai.getSpec().setExportTo(export);
    apply(uai);
    awaitReady(name);
    watcher = Executors.newSingleThreadScheduledExecutor();
    watcher.scheduleWithFixedDelay(this::sample, 0, 25, TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void stopWatching() {
    watcher.shutdownNow();
  }

  /** At every moment: the VM carries an identity, and never more than two identities exist. */
  void sample() {
    try {
      List<String> on =
          AssigneesE2ETest.userIdentities(stack.emulator().control().getResource(vm).orElseThrow());
      if (on.isEmpty()) {
        violations.add("the VM had no identity");
      }
      long ours = ours().size();
      if (ours > 2) {
        violations.add(ours + " identities existed at once");
      }
    } catch (RuntimeException e) {
      violations.add("sampling failed: " + e);
    }
  }

  List<JsonNode> ours() {
    return stack.emulator().control().listResources(IDENTITIES).stream()
        .filter(r -> r.path("name").asText().startsWith(name))
        .toList();
  }

  String oldId() {
    return armId(name + "-eastus");
  }

  static String id(String subscription, String group, String name) {
    return "/subscriptions/"
        + subscription
        + "/resourceGroups/"
        + group
        + "/providers/"
        + IDENTITIES
        + "/"
        + name;
  }

  void move(Consumer<dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec> change) {
    edit(name, change);
  }

  UserAssignedIdentity awaitMigrated() {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              UserAssignedIdentity now = cr(name).get();
              return now.getStatus().getMigration() == null
                  && condition(now, "Ready").map(c -> c.getStatus().equals("True")).orElse(false)
                  && now.getStatus()
                      .getObservedGeneration()
                      .equals(now.getMetadata().getGeneration());
            });
    return cr(name).get();
  }

  void awaitStep(String phase, String step) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              UserAssignedIdentity now = cr(name).get();
              var m = now.getStatus().getMigration();
              return now.getStatus()
                      .getObservedGeneration()
                      .equals(now.getMetadata().getGeneration())
                  && m != null
                  && phase.equals(m.getPhase())
                  && step.equals(m.getStep());
            });
  }

  /** Exactly one identity left, with every grant and attachment, and nothing of the others. */
  void exactlyOne(String expectedId, List<String> goneIds, List<String> gonePrincipals) {
    List<JsonNode> left = ours();
    assertThat(left).hasSize(1);
    JsonNode identity = left.get(0);
    assertThat(identity.path("id").asText()).isEqualToIgnoringCase(expectedId);
    String principal = identity.at("/properties/principalId").asText();
    String clientId = identity.at("/properties/clientId").asText();
    assertThat(assignmentsOf(principal)).hasSize(1);
    for (String gone : gonePrincipals) {
      assertThat(assignmentsOf(gone)).as("assignments of %s", gone).isEmpty();
    }
    for (String gone : goneIds) {
      assertThat(stack.emulator().control().getResource(gone)).as(gone).isEmpty();
    }
    assertThat(
            AssigneesE2ETest.userIdentities(
                stack.emulator().control().getResource(vm).orElseThrow()))
        .hasSize(1)
        .allMatch(k -> k.equalsIgnoreCase(expectedId));
    assertThat(stack.emulator().control().federatedCredentials(expectedId)).hasSize(1);
    assertThat(
            stack
                .client()
                .serviceAccounts()
                .inNamespace(namespace)
                .withName("orders")
                .get()
                .getMetadata()
                .getAnnotations())
        .containsEntry("azure.workload.identity/client-id", clientId);
    assertThat(
            stack
                .client()
                .configMaps()
                .inNamespace(namespace)
                .withName("orders-identity")
                .get()
                .getData())
        .containsEntry("clientId", clientId);
    assertThat(violations).isEmpty();
  }

  /** {@code kubectl get uai} in the test's namespace, as a person would run it. */
  String kubectlGet(String... more) throws Exception {
    Optional<Path> kubectl =
        Stream.of("/usr/bin/kubectl", "/usr/local/bin/kubectl")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst();
    assumeTrue(kubectl.isPresent(), "kubectl is not installed");
    Path config = stack.kubernetes().writeKubeconfig(work.resolve("kubeconfig-" + namespace));
    List<String> command =
        new ArrayList<>(
            List.of(
                kubectl.get().toString(),
                "--kubeconfig=" + config,
                "--cache-dir=" + work.resolve("kubectl-cache"),
                "--request-timeout=10s",
                "get",
                "uai",
                "-n",
                namespace));
    command.addAll(List.of(more));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  static int indexOf(
      List<dev.operators.identity.emulator.RecordedRequest> log, String method, String path) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).method().equals(method) && log.get(i).path().matches("(?i).*" + path)) {
        return i;
      }
    }
    return -1;
  }
}
