package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.api.v1alpha1.DirectorySpec;
import dev.operators.identity.api.v1alpha1.DirectoryStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.graph.GraphDirectory;
import dev.operators.identity.emulator.graph.WellKnownResources;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * spec.directory end to end: the operator's Graph SDK calls against the emulator's Microsoft Graph
 * (groups, Microsoft Graph's app roles), with directory replication, a missing group, authoritative
 * removal and deletion.
 */
class DirectoryE2ETest extends E2EFixture {

  static GraphDirectory graph() {
    return stack.emulator().graph();
  }

  static String group(String name) {
    String id = UUID.randomUUID().toString();
    graph().putGroup(new GraphDirectory.Group(id, name, false));
    return id;
  }

  UserAssignedIdentity declaring(String name, List<String> groups, List<String> graphRoles) {
    UserAssignedIdentity uai = identity(name, "eastus");
    DirectorySpec directory = new DirectorySpec();
    directory.setGroups(groups.stream().map(g -> new DirectorySpec.Group(g, null)).toList());
    directory.setAppRoles(
        graphRoles.stream().map(r -> new DirectorySpec.AppRole("Microsoft Graph", r)).toList());
    uai.getSpec().setDirectory(directory);
    return uai;
  }

  static List<String> rolesOf(String principal) {
    return graph().assignmentsOf(principal).stream()
        .map(GraphDirectory.AppRoleAssignment::appRoleId)
        .toList();
  }

  @AfterEach
  void graphAsUsual() {
    graph().replicationDelay(Duration.ZERO);
  }

  @Test
  void groupsAndAppRolesAreAddedAndRemovedWithTheSpec() {
    String team = group("team-orders");
    apply(declaring("dir-life", List.of(team), List.of("User.Read.All", "Group.Read.All")));

    UserAssignedIdentity ready = awaitReady("dir-life");
    String principal = ready.getStatus().getPrincipalId();
    assertThat(graph().members(team)).containsExactly(principal);
    assertThat(rolesOf(principal))
        .containsExactlyInAnyOrder(
            WellKnownResources.USER_READ_ALL, WellKnownResources.GROUP_READ_ALL);
    assertThat(condition(ready, "DirectoryReady").orElseThrow().getMessage())
        .contains("can take hours to reach the identity's tokens");
    assertThat(ready.getStatus().getDirectory().getAddedToGroups()).containsExactly(team);
    assertThat(events("dir-life")).anyMatch(e -> e.startsWith("Normal AddedToGroup"));

    edit(
        "dir-life",
        spec -> {
          spec.getDirectory().setGroups(List.of());
          spec.getDirectory()
              .setAppRoles(List.of(new DirectorySpec.AppRole("Microsoft Graph", "User.Read.All")));
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(graph().members(team)).isEmpty();
              assertThat(rolesOf(principal)).containsExactly(WellKnownResources.USER_READ_ALL);
            });
  }

  @Test
  void aPrincipalNotReplicatedYetIsWaitedFor() {
    graph().replicationDelay(Duration.ofMinutes(2));
    String team = group("team-fresh");
    apply(declaring("dir-fresh", List.of(team), List.of()));

    UserAssignedIdentity waiting =
        awaitCondition("dir-fresh", "DirectoryReady", "False", "PrincipalNotReplicated");
    assertThat(graph().members(team)).isEmpty();

    clock.moveAhead(Duration.ofMinutes(3));
    awaitReady("dir-fresh");
    assertThat(graph().members(team)).containsExactly(waiting.getStatus().getPrincipalId());
  }

  @Test
  void aMissingGroupFailsThatEntryAlone() {
    String team = group("team-ok");
    String missing = UUID.randomUUID().toString();
    apply(declaring("dir-missing", List.of(missing, team), List.of("User.Read.All")));

    UserAssignedIdentity failed =
        awaitCondition("dir-missing", "DirectoryReady", "False", "DirectoryEntriesFailed");
    String principal = failed.getStatus().getPrincipalId();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(graph().members(team)).containsExactly(principal));
    assertThat(rolesOf(principal)).containsExactly(WellKnownResources.USER_READ_ALL);
    DirectoryStatus status = cr("dir-missing").get().getStatus().getDirectory();
    assertThat(status.getGroups())
        .filteredOn(e -> missing.equals(e.getGroupId()))
        .singleElement()
        .satisfies(e -> assertThat(e.getState()).isEqualTo(DirectoryStatus.State.Missing));
    assertThat(condition(cr("dir-missing").get(), "Ready").orElseThrow().getStatus())
        .isEqualTo("False");
    assertThat(events("dir-missing")).anyMatch(e -> e.startsWith("Warning DirectoryMissing"));
  }

  @Test
  void undeclaredMembershipsAreReportedAndRemovedOnlyWhenAuthoritative() {
    String team = group("team-declared");
    String other = group("team-someone-else");
    apply(declaring("dir-auth", List.of(team), List.of()));
    String principal = awaitReady("dir-auth").getStatus().getPrincipalId();
    graph().seedMember(other, principal);
    graph()
        .seedAssignment(
            principal,
            WellKnownResources.MICROSOFT_GRAPH_OBJECT_ID,
            WellKnownResources.DIRECTORY_READ_ALL);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(cr("dir-auth").get().getStatus().getDirectory().getGroups())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getGroupId()).isEqualTo(other);
                          assertThat(e.getState()).isEqualTo(DirectoryStatus.State.Undeclared);
                        }));
    assertThat(graph().members(other)).containsExactly(principal);
    assertThat(rolesOf(principal)).containsExactly(WellKnownResources.DIRECTORY_READ_ALL);

    edit("dir-auth", spec -> spec.getDirectory().setAuthoritative(true));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(graph().members(other)).isEmpty();
              assertThat(rolesOf(principal)).isEmpty();
            });
    assertThat(graph().members(team)).containsExactly(principal);
  }

  @Test
  void deletingTheResourceLeavesNoMembershipOrAppRoleBehind() {
    String team = group("team-doomed");
    apply(declaring("dir-doomed", List.of(team), List.of("Application.Read.All")));
    String principal = awaitReady("dir-doomed").getStatus().getPrincipalId();
    assertThat(rolesOf(principal)).hasSize(1);

    cr("dir-doomed").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> cr("dir-doomed").get() == null);

    assertThat(azureIdentity("dir-doomed")).isEmpty();
    assertThat(graph().members(team)).isEmpty();
    assertThat(graph().assignmentsOf(principal)).isEmpty();
    // Removed by the operator before the identity went, not only by Entra's cascade.
    var control = stack.emulator().control();
    assertThat(control.countSucceeded("DELETE", "^/v1\\.0/groups/" + team + "/members/.*"))
        .isEqualTo(1);
    assertThat(
            control.countSucceeded("DELETE", "^/v1\\.0/servicePrincipals/.*/appRoleAssignedTo/.*"))
        .isEqualTo(1);
  }
}
