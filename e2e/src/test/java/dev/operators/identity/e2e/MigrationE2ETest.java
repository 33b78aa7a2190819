package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.ExportSpec;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.MigrationSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.ServiceAccountSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.WorkloadIdentitySpec;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.emulator.FaultRule;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Moving an identity end to end: a new region (and name), group or subscription is a migration that
 * never leaves an assignee without an identity, survives a restart at every step, follows a change
 * of mind, waits on a hold, and refuses what regional isolation forbids.
 */
class MigrationE2ETest extends E2EFixture {

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
  private void sample() {
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

  private List<JsonNode> ours() {
    return stack.emulator().control().listResources(IDENTITIES).stream()
        .filter(r -> r.path("name").asText().startsWith(name))
        .toList();
  }

  private String oldId() {
    return armId(name + "-eastus");
  }

  private static String id(String subscription, String group, String name) {
    return "/subscriptions/"
        + subscription
        + "/resourceGroups/"
        + group
        + "/providers/"
        + IDENTITIES
        + "/"
        + name;
  }

  private void move(Consumer<dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec> change) {
    edit(name, change);
  }

  private UserAssignedIdentity awaitMigrated() {
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

  private void awaitStep(String phase, String step) {
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
  private void exactlyOne(String expectedId, List<String> goneIds, List<String> gonePrincipals) {
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

  @Test
  void aRegionMoveCreatesGrantsAttachesVerifiesThenRemovesTheOld() {
    String oldPrincipal = cr(name).get().getStatus().getPrincipalId();
    stack.emulator().control().clearRequests();

    move(
        spec -> {
          spec.setLocation("westus");
          spec.setAzureName(name + "-westus");
        });
    UserAssignedIdentity done = awaitMigrated();

    String newId = armId(name + "-westus");
    exactlyOne(newId, List.of(oldId()), List.of(oldPrincipal));
    assertThat(done.getStatus().getLocation()).isEqualTo("westus");
    assertThat(done.getStatus().getResourceId()).isEqualToIgnoringCase(newId);
    // The new identity was attached before the old one was detached and deleted.
    var log = stack.emulator().control().requests();
    int created = indexOf(log, "PUT", "/userAssignedIdentities/" + name + "-westus$");
    int deleted = indexOf(log, "DELETE", "/userAssignedIdentities/" + name + "-eastus$");
    assertThat(created).isNotNegative().isLessThan(deleted);
    assertThat(events(name))
        .anyMatch(e -> e.startsWith("Normal MigrationStarted"))
        .anyMatch(e -> e.startsWith("Normal MigrationGrant"))
        .anyMatch(e -> e.startsWith("Normal MigrationAttach"))
        .anyMatch(e -> e.startsWith("Normal MigrationVerify"))
        .anyMatch(e -> e.startsWith("Normal Migrated"));
  }

  private static int indexOf(
      List<dev.operators.identity.emulator.RecordedRequest> log, String method, String path) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).method().equals(method) && log.get(i).path().matches("(?i).*" + path)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aRestartAtEveryStepConvergesOnOneIdentityWithNoStaleGrant() {
    String oldPrincipal = cr(name).get().getStatus().getPrincipalId();
    String newName = name + "-westus";
    List<String[]> steps =
        List.of(
            new String[] {"PUT", "/userAssignedIdentities/" + newName + "$"},
            new String[] {"PUT", "/roleAssignments/[0-9a-fA-F-]+$"},
            new String[] {
              "PUT", "/userAssignedIdentities/" + newName + "/federatedIdentityCredentials/"
            },
            new String[] {"PATCH", "/virtualMachines/vm-" + namespace + "$"},
            new String[] {
              "GET", "/userAssignedIdentities/" + newName + "/federatedIdentityCredentials$"
            },
            new String[] {"DELETE", "/roleAssignments/[0-9a-fA-F-]+$"},
            new String[] {"DELETE", "/userAssignedIdentities/" + name + "-eastus$"});
    var first = steps.get(0);
    stack
        .emulator()
        .control()
        .injectFault(FaultRule.latency(first[0], first[1], Duration.ofSeconds(1), 1));
    move(
        spec -> {
          spec.setLocation("westus");
          spec.setAzureName(newName);
        });
    for (int i = 0; i < steps.size(); i++) {
      String[] step = steps.get(i);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> stack.emulator().control().count(step[0], step[1]) > 0);
      // The operator stops while its write of this step is in flight; a new one takes over.
      stack.stopOperator();
      assertThat(violations).as("after the restart at %s %s", step[0], step[1]).isEmpty();
      if (i + 1 < steps.size()) {
        String[] next = steps.get(i + 1);
        stack
            .emulator()
            .control()
            .injectFault(FaultRule.latency(next[0], next[1], Duration.ofSeconds(1), 1));
      }
      stack.startOperator(stack.operatorConfig(RESYNC));
    }
    awaitMigrated();
    exactlyOne(armId(newName), List.of(oldId()), List.of(oldPrincipal));
  }

  @Test
  void aChangeOfMindRollsForwardAndGoingBackCancels() {
    String oldPrincipal = cr(name).get().getStatus().getPrincipalId();
    move(
        spec -> {
          spec.setMigration(new MigrationSpec("1h"));
          spec.setLocation("westus");
          spec.setAzureName(name + "-westus");
        });
    awaitStep("Migrating", "Soak");
    assertThat(ours()).hasSize(2);
    String westPrincipal = cr(name).get().getStatus().getMigration().getTarget().getPrincipalId();

    // Roll forward: another subscription and name; the westus identity is removed first.
    move(
        spec -> {
          spec.setSubscriptionId(SUB2);
          spec.setResourceGroup("rg-other");
          spec.setLocation("eastus");
          spec.setAzureName(name + "-other");
        });
    awaitStep("Migrating", "Soak");
    assertThat(ours()).hasSize(2);
    assertThat(stack.emulator().control().getResource(armId(name + "-westus"))).isEmpty();
    assertThat(assignmentsOf(westPrincipal)).isEmpty();

    // Back to the original place before the cleanup: a cancel.
    move(
        spec -> {
          spec.setSubscriptionId(null);
          spec.setResourceGroup(RG);
          spec.setAzureName(name + "-eastus");
        });
    awaitMigrated();
    exactlyOne(oldId(), List.of(id(SUB2, "rg-other", name + "-other")), List.of(westPrincipal));
    assertThat(cr(name).get().getStatus().getPrincipalId()).isEqualTo(oldPrincipal);
    assertThat(events(name)).anyMatch(e -> e.startsWith("Normal MigrationCancelled"));
  }

  @Test
  void aMoveAcrossSubscriptionsEndsInTheOtherSubscription() {
    String oldPrincipal = cr(name).get().getStatus().getPrincipalId();
    move(
        spec -> {
          spec.setSubscriptionId(SUB2);
          spec.setResourceGroup("rg-other");
        });
    awaitMigrated();
    exactlyOne(id(SUB2, "rg-other", name + "-eastus"), List.of(oldId()), List.of(oldPrincipal));
  }

  @Test
  void aHoldPausesTheMigrationUntilTheAnnotationGoes() {
    cr(name)
        .edit(
            current -> {
              current
                  .getMetadata()
                  .setAnnotations(Map.of(UserAssignedIdentity.MIGRATION_HOLD_ANNOTATION, "true"));
              return current;
            });
    move(spec -> spec.setResourceGroup("rg-west"));
    awaitStep("Held", "Check");
    assertThat(condition(cr(name).get(), "IdentityReady").orElseThrow().getReason())
        .isEqualTo("MigrationHeld");
    assertThat(condition(cr(name).get(), "Reconciling").orElseThrow().getStatus())
        .isEqualTo("True");
    assertThat(ours()).hasSize(1);

    cr(name)
        .edit(
            current -> {
              current.getMetadata().setAnnotations(Map.of());
              return current;
            });
    awaitMigrated();
    assertThat(ours()).hasSize(1);
    assertThat(ours().get(0).path("id").asText()).containsIgnoringCase("/resourceGroups/rg-west/");
    assertThat(violations).isEmpty();
  }

  @Test
  void aRegionalIdentityWithAnAssigneeLeftInTheOldRegionIsRefusedChangingNothing() {
    edit(name, spec -> spec.setIsolationScope(IsolationScope.Regional.name()));
    awaitReady(name);
    stack.emulator().control().clearRequests();

    move(
        spec -> {
          spec.setLocation("westus");
          spec.setAzureName(name + "-westus");
        });
    awaitCondition(name, "IdentityReady", "False", "MigrationRefused");

    UserAssignedIdentity refused = cr(name).get();
    assertThat(condition(refused, "IdentityReady").orElseThrow().getMessage())
        .contains("regional isolation")
        .contains(vm);
    assertThat(condition(refused, "Stalled").orElseThrow().getStatus()).isEqualTo("True");
    assertThat(refused.getStatus().getMigration().getPhase()).isEqualTo("Refused");
    assertThat(stack.emulator().control().requests())
        .noneMatch(r -> !r.method().equals("GET") && !r.method().equals("POST"));
    assertThat(ours()).hasSize(1);
  }
}
