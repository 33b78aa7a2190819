package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.MigrationSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.FaultRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Moving an identity end to end: a new region (and name), group or subscription is a migration that
 * never leaves an assignee without an identity, survives a restart at every step, follows a change
 * of mind, waits on a hold, and refuses what regional isolation forbids.
 */
class MigrationE2ETest extends MigrationE2EFixture {

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
  void aHoldPausesTheMigrationUntilTheAnnotationGoes() throws Exception {
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
    String table = kubectlGet();
    assertThat(table.lines().findFirst().orElseThrow())
        .contains("MIGRATION")
        .doesNotContain("STEP");
    assertThat(table).contains("Held");
    String wide = kubectlGet("-o", "wide");
    assertThat(wide.lines().findFirst().orElseThrow()).contains("MIGRATION", "STEP");
    assertThat(wide.lines().filter(l -> l.startsWith(name + " ")))
        .singleElement()
        .asString()
        .contains("Held", "Check", "MigrationHeld");
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
