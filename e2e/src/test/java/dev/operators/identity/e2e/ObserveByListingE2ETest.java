package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.api.v1alpha1.AssigneeSpec;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Observing Azure by listing, from the emulator's request log: in steady state one listing per
 * scope per resync period and no write and no per-object GET; drift made out of band still
 * repaired; deletes confirmed by a fresh read of what is deleted.
 */
class ObserveByListingE2ETest extends E2EFixture {

  static final String VMS = "Microsoft.Compute/virtualMachines";

  String group() {
    return "/subscriptions/" + sub + "/resourceGroups/" + RG;
  }

  String vm(String name) throws Exception {
    String id = group() + "/providers/" + VMS + "/" + name;
    stack.emulator().control().putResource(id, JSON.readTree("{\"location\":\"eastus\"}"));
    return id;
  }

  UserAssignedIdentity declared(String name, String vm) {
    UserAssignedIdentity uai = identity(name, "eastus");
    uai.getSpec().setRoleAssignments(List.of(new RoleAssignmentSpec("Reader", group())));
    uai.getSpec().setAssignees(List.of(new AssigneeSpec(vm)));
    return uai;
  }

  List<RecordedRequest> requests(Predicate<RecordedRequest> which) {
    return stack.emulator().control().requests().stream().filter(which).toList();
  }

  static Predicate<RecordedRequest> get(String pathRegex) {
    return r -> r.method().equals("GET") && r.path().matches("(?i)" + pathRegex);
  }

  @Test
  void aSteadyStateListsEachScopeOncePerResyncWithNoWriteAndNoSingleRead() throws Exception {
    List<String> names = List.of("steady-a", "steady-b", "steady-c");
    for (String name : names) {
      apply(declared(name, vm("vm-" + name)));
    }
    names.forEach(this::awaitReady);
    var control = stack.emulator().control();
    control.clearRequests();
    Instant start = Instant.now();
    // Three whole resync periods: every identity passed at least twice more.
    String assignmentListing =
        "/subscriptions/" + sub + "/providers/Microsoft.Authorization/roleAssignments";
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Duration.between(start, Instant.now()).compareTo(RESYNC.multipliedBy(3)) > 0
                    && requests(get(assignmentListing)).size() >= 3);
    List<RecordedRequest> log = control.requests();
    Duration elapsed = Duration.between(start, Instant.now());
    long periods = elapsed.toMillis() / RESYNC.toMillis() + 1;
    System.out.printf(
        "steady state, %d identities, %s (%d periods begun): %s%n",
        names.size(),
        elapsed,
        periods,
        log.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    r ->
                        r.method()
                            + " "
                            + r.path().replaceAll("(?i)/(vm|steady)-[a-z]+", "/{name}"),
                    java.util.TreeMap::new,
                    java.util.stream.Collectors.counting())));

    assertThat(log)
        .as("writes")
        .noneMatch(r -> !r.method().equals("GET") && r.path().startsWith("/subscriptions/"));
    assertThat(requests(get(assignmentListing))).hasSizeBetween(2, (int) periods);
    assertThat(requests(get(group() + "/providers/" + IDENTITIES)))
        .hasSizeBetween(2, (int) periods);
    assertThat(requests(get("/subscriptions/" + sub + "/resources")))
        .hasSizeBetween(2, (int) periods);
    assertThat(requests(get(".*/userAssignedIdentities/[^/]+"))).as("identity GETs").isEmpty();
    // An identity's federated credentials are its own scope (ARM lists them per identity only);
    // only this test's identities count (others of the shared stack are reconciled meanwhile).
    assertThat(
            requests(get(".*/userAssignedIdentities/steady-[a-z]+/federatedIdentityCredentials")))
        .hasSizeLessThanOrEqualTo((int) (names.size() * periods));
    assertThat(requests(get(".*/virtualMachines/[^/]+"))).as("assignee GETs").isEmpty();
    assertThat(requests(get(".*/roleAssignments/[^/]+"))).as("role assignment GETs").isEmpty();
    assertThat(
            requests(
                get(".*/roleAssignments")
                    .and(r -> r.query() != null && r.query().contains("principalId"))))
        .as("listings per principal")
        .isEmpty();
  }

  @Test
  void driftMadeOutOfBandIsRepairedFromTheNextListing() throws Exception {
    String vm = vm("vm-drift");
    apply(declared("drift", vm));
    UserAssignedIdentity ready = awaitReady("drift");
    String principal = ready.getStatus().getPrincipalId();
    String identityId = ready.getStatus().getResourceId();
    var control = stack.emulator().control();

    // A role assignment deleted, a tag changed, the identity detached: all by someone else.
    String assignment = assignmentsOf(principal).get(0).path("id").asText();
    someoneElse().roleAssignments().delete(assignment);
    ObjectNode body = (ObjectNode) azureIdentity("drift").orElseThrow().deepCopy();
    ((ObjectNode) body.path("tags")).put("team", "someone-else");
    control.putResource(armId("drift"), body);
    someoneElse().assignees().detach(vm, identityId);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(assignmentsOf(principal)).hasSize(1);
              assertThat(azureIdentity("drift").orElseThrow().path("tags").path("team").asText())
                  .isEqualTo("orders");
              JsonNode carried = control.getResource(vm).orElseThrow();
              assertThat(carried.path("identity").path("userAssignedIdentities").has(identityId))
                  .isTrue();
            });
  }

  @Test
  void everyDeleteIsConfirmedByAFreshReadOfWhatItDeletes() throws Exception {
    apply(declared("confirm", vm("vm-confirm")));
    String principal = awaitReady("confirm").getStatus().getPrincipalId();
    String extra = outOfBand(group(), "b24988ac-6180-42a0-ab88-20f7382dd24c", principal).id();
    String extraName = extra.substring(extra.lastIndexOf('/') + 1);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> stack.emulator().control().getResource(extra).isEmpty());
    List<String> seen = new ArrayList<>();
    for (RecordedRequest r : stack.emulator().control().requests()) {
      if (r.path().toLowerCase().endsWith("/roleassignments/" + extraName)) {
        seen.add(r.method());
      }
    }
    assertThat(seen).containsSubsequence("GET", "DELETE");
    assertThat(seen.indexOf("GET")).isLessThan(seen.indexOf("DELETE"));

    // The resource's deletion reads the identity afresh before it deletes it.
    stack.emulator().control().clearRequests();
    cr("confirm").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> cr("confirm").get() == null);
    List<String> identityCalls =
        stack.emulator().control().requests().stream()
            .filter(r -> r.path().toLowerCase().endsWith("/userassignedidentities/confirm"))
            .map(RecordedRequest::method)
            .toList();
    assertThat(identityCalls).containsSubsequence("GET", "DELETE");
    assertThat(azureIdentity("confirm")).isEmpty();
  }
}
