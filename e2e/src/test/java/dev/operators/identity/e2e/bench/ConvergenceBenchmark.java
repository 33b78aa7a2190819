package dev.operators.identity.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.e2e.EmbeddedStack;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.emulator.RecordedRequest;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Prints how long N identities (each with two role assignments and one assignee) take to converge
 * against the emulator with ARM's default subscription throttling, the Azure calls they cost, and
 * the operator's heap. A benchmark, not a test: it asserts nothing and is not part of mvn verify.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl e2e test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.operators.identity.e2e.bench.ConvergenceBenchmark -Dexec.args=100
 * </pre>
 */
public final class ConvergenceBenchmark {

  private ConvergenceBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    ObjectMapper json = new ObjectMapper();
    try (EmbeddedStack stack =
        EmbeddedStack.start(EmulatorConfig.defaults(), 0, Files.createTempDirectory("bench"))) {
      String sub = stack.emulator().defaultSubscriptionId();
      var control = stack.emulator().control();
      control.createResourceGroup(sub, "rg-bench", "eastus");
      String rg = "/subscriptions/" + sub + "/resourceGroups/rg-bench";
      String storage = rg + "/providers/Microsoft.Storage/storageAccounts/benchdata";
      control.putResource(storage, json.readTree("{\"location\":\"eastus\"}"));
      for (int i = 0; i < count; i++) {
        control.putResource(
            rg + "/providers/Microsoft.Web/sites/app-" + i,
            json.readTree("{\"location\":\"eastus\"}"));
      }
      stack.kubernetes().createNamespace("bench");
      control.clearRequests();
      stack.startOperator(stack.operatorConfig(Duration.ofMinutes(10)));
      long heapBefore = usedHeap();

      Instant start = Instant.now();
      for (int i = 0; i < count; i++) {
        stack.client().resource(identity(i, rg, storage)).create();
      }
      long ready = 0;
      while (ready < count && Duration.between(start, Instant.now()).toMinutes() < 15) {
        Thread.sleep(500);
        ready =
            stack
                .client()
                .resources(UserAssignedIdentity.class)
                .inNamespace("bench")
                .list()
                .getItems()
                .stream()
                .filter(ConvergenceBenchmark::isReady)
                .count();
      }
      Duration took = Duration.between(start, Instant.now());

      List<RecordedRequest> requests = control.requests();
      Map<String, Long> byKind =
          requests.stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.method() + " " + r.resourceType(),
                      TreeMap::new,
                      Collectors.counting()));
      long throttled = requests.stream().filter(r -> r.status() == 429).count();
      System.out.printf("identities ready:        %d of %d%n", ready, count);
      System.out.printf(
          "time to converge:        %.1f s (%.2f identities/s)%n",
          took.toMillis() / 1000.0, ready / Math.max(0.001, took.toMillis() / 1000.0));
      System.out.printf(
          "ARM/Entra requests:      %d (%.1f per identity), 429 answers: %d%n",
          requests.size(), requests.size() / (double) count, throttled);
      byKind.forEach((kind, n) -> System.out.printf("  %-70s %6d%n", kind, n));
      System.out.printf(
          "heap used by the run:    %.1f MiB%n", (usedHeap() - heapBefore) / 1048576.0);
    }
  }

  private static UserAssignedIdentity identity(int i, String rg, String storage) {
    var spec = new UserAssignedIdentitySpec();
    spec.setResourceGroup("rg-bench");
    spec.setLocation("eastus");
    spec.setRoleAssignments(
        List.of(
            new RoleAssignmentSpec("Storage Blob Data Reader", storage),
            new RoleAssignmentSpec("Reader", rg)));
    spec.setAssignees(List.of(new AssigneeSpec(rg + "/providers/Microsoft.Web/sites/app-" + i)));
    var uai = new UserAssignedIdentity();
    uai.setMetadata(new ObjectMetaBuilder().withName("id-" + i).withNamespace("bench").build());
    uai.setSpec(spec);
    return uai;
  }

  private static boolean isReady(UserAssignedIdentity uai) {
    return uai.getStatus() != null
        && uai.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static long usedHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
