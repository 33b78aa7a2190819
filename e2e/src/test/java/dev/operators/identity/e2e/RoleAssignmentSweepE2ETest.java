package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.api.v1alpha1.RoleAssignmentSweep;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSweepSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSweepStatus;
import dev.operators.identity.api.v1alpha1.SweepCounts;
import dev.operators.identity.api.v1alpha1.SweepFinding;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.azure.RoleAssignment;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The orphan sweep from outside: an identity deleted out of band (by someone else, through ARM)
 * leaves its role assignments; a sweep in Report mode lists the one inside its scopes and deletes
 * nothing; switched to Delete it deletes exactly that one, and leaves a live principal's assignment
 * and the orphan outside its scopes.
 */
class RoleAssignmentSweepE2ETest extends E2EFixture {

  private static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  @Test
  void aSweepReportsThenDeletesExactlyTheOrphanInsideItsScopes() {
    stack.emulator().control().createResourceGroup(sub, "rg-sweep-in", "eastus");
    stack.emulator().control().createResourceGroup(sub, "rg-sweep-out", "eastus");
    String inside = "/subscriptions/" + sub + "/resourceGroups/rg-sweep-in";
    String outside = "/subscriptions/" + sub + "/resourceGroups/rg-sweep-out";
    String live = identityOutOfBand("id-sweep-live");
    String gone = identityOutOfBand("id-sweep-gone");
    RoleAssignment orphan = outOfBand(inside, READER, gone);
    RoleAssignment livesOn = outOfBand(inside, READER, live);
    RoleAssignment orphanOutside = outOfBand(outside, READER, gone);
    assertThat(someoneElse().identities().delete(new IdentityRef(sub, RG, "id-sweep-gone")))
        .isTrue();

    RoleAssignmentSweep sweep = new RoleAssignmentSweep();
    sweep.setMetadata(new ObjectMetaBuilder().withName("orphans-" + namespace).build());
    RoleAssignmentSweepSpec spec = new RoleAssignmentSweepSpec();
    spec.setScopes(List.of(inside));
    spec.setMinimumAge("0s");
    sweep.setSpec(spec);
    stack.client().resource(sweep).create();
    String name = sweep.getMetadata().getName();

    RoleAssignmentSweepStatus reported = awaitSweep(name, 1L);
    assertThat(reported.getCounts()).isEqualTo(new SweepCounts(2, 1, 0, 0));
    assertThat(reported.getFindings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getId()).isEqualToIgnoringCase(orphan.id());
              assertThat(f.getPrincipalId()).isEqualTo(gone);
              assertThat(f.getAction()).isEqualTo("Reported");
            });
    assertThat(assignmentIds()).contains(orphan.id(), livesOn.id(), orphanOutside.id());
    assertThat(stack.emulator().control().count("DELETE", "(?i).*/roleAssignments/.*")).isZero();

    stack
        .client()
        .resources(RoleAssignmentSweep.class)
        .withName(name)
        .edit(
            s -> {
              s.getSpec().setMode("Delete");
              return s;
            });

    RoleAssignmentSweepStatus deleted = awaitSweep(name, 2L);
    assertThat(deleted.getCounts()).isEqualTo(new SweepCounts(2, 1, 1, 0));
    assertThat(deleted.getFindings())
        .extracting(SweepFinding::getId, SweepFinding::getAction)
        .singleElement()
        .satisfies(t -> assertThat(t.toList()).containsExactly(orphan.id(), "Deleted"));
    assertThat(assignmentIds())
        .doesNotContain(orphan.id())
        .contains(livesOn.id(), orphanOutside.id());
    assertThat(stack.emulator().control().count("GET", "(?i).*/roleAssignments/" + orphan.name()))
        .as("a fresh read before the delete")
        .isPositive();
    assertThat(
            stack.client().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .map(Event::getReason)
                .toList())
        .containsExactly("OrphanDeleted");
  }

  private RoleAssignmentSweepStatus awaitSweep(String name, long generation) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              RoleAssignmentSweep s =
                  stack.client().resources(RoleAssignmentSweep.class).withName(name).get();
              assertThat(s.getStatus()).as("status of %s", name).isNotNull();
              assertThat(s.getStatus().getObservedGeneration()).isEqualTo(generation);
              assertThat(s.getStatus().getConditions())
                  .filteredOn(c -> c.getType().equals("Ready"))
                  .singleElement()
                  .satisfies(c -> assertThat(c.getStatus()).as(c.getMessage()).isEqualTo("True"));
            });
    return stack.client().resources(RoleAssignmentSweep.class).withName(name).get().getStatus();
  }

  private String identityOutOfBand(String name) {
    return stack
        .emulator()
        .control()
        .putResource(armId(name), JSON.createObjectNode().put("location", "eastus"))
        .path("properties")
        .path("principalId")
        .asText();
  }

  private List<String> assignmentIds() {
    return stack.emulator().control().roleAssignments().stream()
        .map(a -> a.path("id").asText())
        .toList();
  }
}
