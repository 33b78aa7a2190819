package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.operators.identity.emulator.graph.GraphDirectory;
import dev.operators.identity.emulator.graph.WellKnownResources;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.DirectoryPort;
import dev.operators.identity.operator.azure.DirectoryPort.AppRoleGrant;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link SdkDirectoryAdapter} (Microsoft Graph SDK for Java) against the emulator's Graph v1.0: the
 * operator's credential for Graph's scope, memberships and app role assignments written
 * idempotently, every page read, Graph's errors carried with their status, code and Retry-After.
 */
class SdkDirectoryContractTest extends AdapterContractFixture {

  DirectoryPort directory() {
    return ports.directory();
  }

  String identity(String name) {
    return seed(resourceId(IDENTITIES, name), "{\"location\":\"eastus\"}")
        .path("properties")
        .path("principalId")
        .asText();
  }

  static String group(String name, boolean roleAssignable) {
    String id = UUID.randomUUID().toString();
    graph().putGroup(new GraphDirectory.Group(id, name, roleAssignable));
    return id;
  }

  @Test
  void membershipsAreAddedIdempotentlyReadOnEveryPageAndRemoved() {
    String principal = identity("member");
    String team = group("team", false);
    for (int i = 0; i < 4; i++) {
      graph().seedMember(group("seeded-" + i, false), principal);
    }
    graph().pageSize(2);

    directory().addMember(team, principal);
    directory().addMember(team, principal); // Graph's 400 "already exist": success

    DirectoryPort.Principal seen = directory().principal(principal).orElseThrow();
    assertThat(seen.groups()).hasSize(5).extracting(DirectoryPort.Group::id).contains(team);
    assertThat(served("GET", ".*/memberOf$")).as("pages of memberOf").isEqualTo(3);
    assertThat(graph().members(team)).containsExactly(principal);

    directory().removeMember(team, principal);
    directory().removeMember(team, principal); // gone already: success
    assertThat(graph().members(team)).isEmpty();
  }

  @Test
  void groupsAreLookedUpWithTheirRoleAssignability() {
    String admins = group("admins", true);
    assertThat(directory().group(admins)).hasValue(new DirectoryPort.Group(admins, "admins", true));
    assertThat(directory().group(UUID.randomUUID().toString())).isEmpty();
    AzureRequestException refused =
        catchThrowableOfType(
            AzureRequestException.class,
            () -> directory().addMember(admins, identity("privileged")));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.errorCode()).isEqualTo("Authorization_RequestDenied");
  }

  @Test
  void aMissingGroupIsGraphsNotFound() {
    AzureRequestException e =
        catchThrowableOfType(
            AzureRequestException.class,
            () -> directory().addMember(UUID.randomUUID().toString(), identity("lonely")));
    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.errorCode()).isEqualTo("Request_ResourceNotFound");
    assertThat(e.requestId()).isPresent();
  }

  @Test
  void microsoftGraphsAppRolesAreGrantedOnceAndRevoked() {
    String principal = identity("reader");
    DirectoryPort.ResourceApp graphApp =
        directory().resourceApp(WellKnownResources.MICROSOFT_GRAPH_APP_ID).orElseThrow();
    assertThat(graphApp.displayName()).isEqualTo("Microsoft Graph");
    String role = graphApp.role("User.Read.All").orElseThrow().id();
    assertThat(role).isEqualTo("df021288-bdef-4463-88db-98f22de89214");

    AppRoleGrant first = directory().assignAppRole(principal, graphApp.servicePrincipalId(), role);
    AppRoleGrant again = directory().assignAppRole(principal, graphApp.servicePrincipalId(), role);

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(directory().principal(principal).orElseThrow().appRoles()).containsExactly(first);
    directory().removeAppRole(graphApp.servicePrincipalId(), first.id());
    directory().removeAppRole(graphApp.servicePrincipalId(), first.id());
    assertThat(graph().assignmentsOf(principal)).isEmpty();
    assertThat(directory().resourceApp(UUID.randomUUID().toString())).isEmpty();
  }

  @Test
  void aPrincipalNotReplicatedYetIsNotThere() {
    graph().replicationDelay(Duration.ofSeconds(30));
    String principal = identity("fresh");
    assertThat(directory().principal(principal)).isEmpty();
    clock.moveAhead(Duration.ofSeconds(31));
    assertThat(directory().principal(principal)).isPresent();
  }

  @Test
  void throttlingIsReportedWithRetryAfterNotRetriedInsideTheCall() {
    String principal = identity("busy");
    graph().throttling(2, 0.01); // a principal's read is two requests: memberOf, appRoleAssignments
    directory().principal(principal);
    long before = served(null, "^/v1\\.0/.*");

    AzureRequestException e =
        catchThrowableOfType(AzureRequestException.class, () -> directory().principal(principal));

    assertThat(e.statusCode()).isEqualTo(429);
    // One token per 100 s: Graph's Retry-After, as the emulator computed it on its clock.
    assertThat(e.retryAfter())
        .hasValueSatisfying(
            d -> assertThat(d).isBetween(Duration.ofSeconds(90), Duration.ofSeconds(100)));
    assertThat(served(null, "^/v1\\.0/.*") - before).as("Graph requests").isEqualTo(1);
    graph().throttlingOff();
  }
}
