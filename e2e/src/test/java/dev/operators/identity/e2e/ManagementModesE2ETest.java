package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.FederatedCredentialSpec;
import dev.operators.identity.api.v1alpha1.PlannedChange;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Observe and Plan through the whole stack: the emulator's request log proves what is written.
 * Observe writes nothing; Plan lists exactly the writes that the switch to Manage then makes; an
 * adoption that would delete waits for the approval of its plan.
 */
class ManagementModesE2ETest extends E2EFixture {

  static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
  static final String BLOB_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
  static final String ISSUER = "https://token.actions.githubusercontent.com";

  String rgScope() {
    return "/subscriptions/" + sub + "/resourceGroups/" + RG;
  }

  static List<RecordedRequest> armWrites() {
    return stack.emulator().control().requests().stream()
        .filter(r -> Stream.of("PUT", "PATCH", "DELETE").anyMatch(r.method()::equals))
        .filter(r -> !r.path().startsWith("/_emulator"))
        .toList();
  }

  UserAssignedIdentity awaitPlan(String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              UserAssignedIdentity now = cr(name).get();
              assertThat(now.getStatus()).isNotNull();
              assertThat(now.getStatus().getObservedGeneration())
                  .isEqualTo(now.getMetadata().getGeneration());
              assertThat(now.getStatus().getPlan()).as("status.plan").isNotNull();
              assertThat(now.getStatus().getPlan().getReason()).isEqualTo(reason);
            });
    return cr(name).get();
  }

  /**
   * The plan once it shows what was done out of band just before: Azure is read by listing, so a
   * change made outside the operator shows once the listing of its scope is renewed (within a
   * resync period), not necessarily in the first pass after the edit.
   */
  UserAssignedIdentity awaitPlan(
      String name, String reason, java.util.function.Consumer<List<PlannedChange>> showing) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> showing.accept(awaitPlan(name, reason).getStatus().getPlan().getChanges()));
    return cr(name).get();
  }

  UserAssignedIdentity awaitManaged(String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(awaitReady(name).getStatus().getPlan()).isNull());
    return cr(name).get();
  }

  @Test
  void observeReportsTheIdentityAndItsDriftAndWritesNothing() throws Exception {
    UserAssignedIdentity uai = identityWithReader("observed");
    apply(uai);
    String principal = awaitReady("observed").getStatus().getPrincipalId();
    String extra = outOfBand(rgScope(), BLOB_READER, principal).id();
    stack.emulator().control().clearRequests();

    edit("observed", spec -> spec.setManagementPolicy("Observe"));
    UserAssignedIdentity observed =
        awaitPlan(
            "observed",
            "Observe",
            changes ->
                assertThat(changes)
                    .singleElement()
                    .satisfies(
                        c -> {
                          assertThat(c.getAction()).isEqualTo("Delete");
                          assertThat(c.getTarget()).isEqualToIgnoringCase(extra);
                        }));
    assertThat(condition(observed, "Ready").orElseThrow().getReason()).isEqualTo("ChangesPlanned");
    assertThat(condition(observed, "Stalled").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(armWrites()).as("Observe writes nothing").isEmpty();

    // Deleting an observed resource deletes nothing in Azure.
    cr("observed").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> cr("observed").get() == null);
    assertThat(armWrites()).isEmpty();
    assertThat(azureIdentity("observed")).isPresent();
    assertThat(assignmentsOf(principal)).hasSize(2);
  }

  @Test
  void planListsExactlyTheWritesThatTheSwitchToManageMakes() throws Exception {
    String vm =
        AssigneesE2ETest.seed("Microsoft.Compute/virtualMachines", "vm-plan", "eastus", null);
    apply(identityWithReader("planned"));
    String principal = awaitReady("planned").getStatus().getPrincipalId();
    String extra = outOfBand("/subscriptions/" + sub, READER, principal).id();
    // Reader on the group moves to the blob role; a VM and a credential are added; all in Plan.
    edit(
        "planned",
        spec -> {
          spec.setManagementPolicy("Plan");
          spec.setRoleAssignments(
              List.of(new RoleAssignmentSpec("Storage Blob Data Reader", rgScope())));
          spec.setAssignees(List.of(new AssigneeSpec(vm)));
          var credential = new FederatedCredentialSpec();
          credential.setName("deploy");
          credential.setIssuer(ISSUER);
          credential.setSubject("repo:contoso/orders:environment:prod");
          spec.setFederatedCredentials(List.of(credential));
        });
    stack.emulator().control().clearRequests();
    UserAssignedIdentity planned =
        awaitPlan(
            "planned",
            "Plan",
            shown ->
                assertThat(shown)
                    .extracting(c -> c.getAction() + " " + c.getKind())
                    .containsExactlyInAnyOrder(
                        "Create RoleAssignment",
                        "Delete RoleAssignment",
                        "Delete RoleAssignment",
                        "Create FederatedCredential",
                        "Attach Assignee"));
    List<PlannedChange> changes = planned.getStatus().getPlan().getChanges();
    assertThat(armWrites()).as("Plan writes nothing").isEmpty();
    assertThat(changes).anySatisfy(c -> assertThat(c.getTarget()).isEqualToIgnoringCase(extra));

    edit("planned", spec -> spec.setManagementPolicy("Manage"));
    awaitManaged("planned");

    assertThat(writtenTargets()).isEqualTo(plannedTargets(changes, armId("planned")));
    assertThat(events("planned")).anyMatch(e -> e.startsWith("Normal PlanApproved"));
  }

  @Test
  void anAdoptionThatWouldDeleteWaitsForApprovalAndThenDeletesExactlyThat() throws Exception {
    var foreign =
        someoneElse()
            .identities()
            .createOrReplace(
                new dev.operators.identity.operator.azure.IdentityRef(sub, RG, "legacy"),
                new dev.operators.identity.operator.azure.DesiredIdentity(
                    "eastus",
                    dev.operators.identity.api.v1alpha1.IsolationScope.None,
                    Map.of("team", "orders")));
    outOfBand(rgScope(), BLOB_READER, foreign.principalId());
    UserAssignedIdentity uai = identityWithReader("legacy");
    uai.getMetadata().setAnnotations(Map.of(UserAssignedIdentity.ADOPT_ANNOTATION, "true"));
    stack.emulator().control().clearRequests();
    apply(uai);

    UserAssignedIdentity waiting = awaitPlan("legacy", "AdoptionPending");
    assertThat(condition(waiting, "Ready").orElseThrow().getReason()).isEqualTo("AwaitingApproval");
    assertThat(waiting.getStatus().getPlan().getChanges())
        .extracting(PlannedChange::getAction)
        .containsExactlyInAnyOrder("Adopt", "Create", "Delete");
    assertThat(armWrites()).as("nothing written while the adoption waits").isEmpty();
    assertThat(assignmentsOf(foreign.principalId())).hasSize(1);

    String digest = waiting.getStatus().getPlan().getDigest();
    cr("legacy")
        .edit(
            r -> {
              r.getMetadata()
                  .getAnnotations()
                  .put(UserAssignedIdentity.APPROVE_PLAN_ANNOTATION, digest);
              return r;
            });
    awaitManaged("legacy");

    assertThat(assignmentsOf(foreign.principalId()))
        .extracting(a -> a.at("/properties/roleDefinitionId").asText())
        .singleElement()
        .satisfies(role -> assertThat(role).endsWith(READER));
  }

  /** What the request log shows written in Azure: method and resource, lower case. */
  static Set<String> writtenTargets() {
    return armWrites().stream()
        .map(r -> r.method() + " " + r.path().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
  }

  /** The Azure writes the plan names, as the request log would show them. */
  static Set<String> plannedTargets(List<PlannedChange> changes, String identityId) {
    return changes.stream()
        .map(
            c -> {
              String target =
                  c.getKind().equals("FederatedCredential")
                      ? identityId + "/federatedIdentityCredentials/" + c.getTarget()
                      : c.getTarget();
              String method =
                  switch (c.getAction()) {
                    case "Delete" -> "DELETE";
                    case "Attach", "Detach" -> "PATCH";
                    case "Adopt", "Update" -> c.getKind().equals("Identity") ? "PATCH" : "PUT";
                    default -> "PUT";
                  };
              return method + " " + target.toLowerCase(Locale.ROOT);
            })
        .collect(Collectors.toSet());
  }
}
