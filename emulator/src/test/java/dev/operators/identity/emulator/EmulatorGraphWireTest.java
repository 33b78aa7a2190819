package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.emulator.EmulatorWire.Reply;
import dev.operators.identity.emulator.graph.WellKnownResources;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Microsoft Graph v1.0 on the wire: what the operator's Graph SDK calls see. */
class EmulatorGraphWireTest extends EmulatorWireFixture {
  private static final String GRAPH = WellKnownResources.MICROSOFT_GRAPH_OBJECT_ID;
  private static String graphToken;

  @BeforeEach
  void reset() {
    emulator.control().reset();
    wire.arm(
        "PUT",
        wire.rgPath("rg") + "?api-version=" + EmulatorWire.RG_API,
        "{\"location\":\"eastus\"}");
  }

  private static String graphToken() {
    if (graphToken == null) {
      Reply reply =
          wire.form(
              "/" + emulator.tenantId() + "/oauth2/v2.0/token",
              "grant_type=client_credentials&client_id="
                  + emulator.clientId()
                  + "&client_secret="
                  + URLEncoder.encode(emulator.clientSecret(), StandardCharsets.UTF_8)
                  + "&scope="
                  + URLEncoder.encode(
                      "https://graph.microsoft.com/.default", StandardCharsets.UTF_8));
      graphToken = reply.body().path("access_token").asText();
    }
    return graphToken;
  }

  private static Reply graph(String method, String path, String body) {
    return graphWith(method, path, body, "Bearer " + graphToken());
  }

  private static Reply graphWith(String method, String path, String body, String auth) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(wire.uri("/v1.0" + path));
    builder.header("Authorization", auth).header("client-request-id", "c-1");
    builder.header("Content-Type", "application/json");
    builder.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return wire.send(builder.build());
  }

  private static String identity(String name) {
    Reply created =
        wire.arm(
            "PUT",
            wire.identityPath("rg", name) + "?api-version=" + EmulatorWire.MSI_API,
            "{\"location\":\"eastus\"}");
    assertThat(created.status()).isEqualTo(201);
    return created.body().path("properties").path("principalId").asText();
  }

  private static String group(boolean roleAssignable) {
    String id = UUID.randomUUID().toString();
    wire.control(
        "PUT",
        "/_emulator/graph/groups/" + id,
        "{\"displayName\":\"g-" + id + "\",\"isAssignableToRole\":" + roleAssignable + "}");
    return id;
  }

  private static String ref(String objectId) {
    return "{\"@odata.id\":\"https://graph.microsoft.com/v1.0/directoryObjects/" + objectId + "\"}";
  }

  @Test
  void graphRefusesArmTokensAndAnswersInItsOwnErrorShape() {
    Reply arm = graphWith("GET", "/servicePrincipals/" + GRAPH, null, "Bearer " + wire.token());
    assertThat(arm.status()).isEqualTo(401);
    assertThat(arm.code()).isEqualTo("InvalidAuthenticationToken");
    assertThat(arm.message()).isEqualTo("Access token validation failure. Invalid audience.");
    JsonNode inner = arm.body().path("error").path("innerError");
    assertThat(inner.path("request-id").asText()).isEqualTo(arm.header("request-id"));
    assertThat(inner.path("client-request-id").asText()).isEqualTo("c-1");
    assertThat(inner.path("date").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    assertThat(graphWith("GET", "/groups", null, "").code())
        .isEqualTo("InvalidAuthenticationToken");
    // ...and ARM refuses Graph's.
    Reply graphAtArm =
        wire.armWithAuth(
            "GET",
            wire.rgPath("rg") + "?api-version=" + EmulatorWire.RG_API,
            null,
            "Bearer " + graphToken());
    assertThat(graphAtArm.code()).isEqualTo("InvalidAuthenticationTokenAudience");
  }

  @Test
  void microsoftGraphIsFoundByItsAppIdWithItsRealAppRoles() {
    Reply found =
        graph(
            "GET",
            "/servicePrincipals?$filter="
                + URLEncoder.encode(
                    "appId eq '00000003-0000-0000-c000-000000000000'", StandardCharsets.UTF_8),
            null);
    assertThat(found.status()).isEqualTo(200);
    JsonNode sp = found.body().path("value").get(0);
    assertThat(found.body().path("value")).hasSize(1);
    assertThat(sp.path("id").asText()).isEqualTo(GRAPH);
    List<String> roles = new ArrayList<>();
    sp.path("appRoles")
        .forEach(r -> roles.add(r.path("value").asText() + "=" + r.path("id").asText()));
    assertThat(roles)
        .contains(
            "User.Read.All=df021288-bdef-4463-88db-98f22de89214",
            "Group.Read.All=5b567255-7703-4780-807c-7be8301ae99b",
            "Application.Read.All=9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30");
  }

  @Test
  void aNewIdentitysServicePrincipalIsNotFoundUntilReplicated() {
    emulator.graph().replicationDelay(Duration.ofSeconds(30));
    String principal = identity("fresh");
    String group = group(false);
    Reply early = graph("GET", "/servicePrincipals/" + principal, null);
    assertThat(early.status()).isEqualTo(404);
    assertThat(early.code()).isEqualTo("Request_ResourceNotFound");
    assertThat(graph("POST", "/groups/" + group + "/members/$ref", ref(principal)).status())
        .isEqualTo(404);
    clock.advance(Duration.ofSeconds(31));
    Reply later = graph("GET", "/servicePrincipals/" + principal, null);
    assertThat(later.status()).isEqualTo(200);
    assertThat(later.body().path("servicePrincipalType").asText()).isEqualTo("ManagedIdentity");
    assertThat(later.body().path("displayName").asText()).isEqualTo("fresh");
  }

  @Test
  void membershipsAreAddedOnceListedAndRemoved() {
    String principal = identity("member");
    String group = group(false);
    String path = "/groups/" + group + "/members/$ref";
    assertThat(graph("POST", path, ref(principal)).status()).isEqualTo(204);
    Reply again = graph("POST", path, ref(principal));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.code()).isEqualTo("Request_BadRequest");
    assertThat(again.message())
        .isEqualTo(
            "One or more added object references already exist for the following modified"
                + " properties: 'members'.");
    Reply missing = graph("POST", "/groups/" + UUID.randomUUID() + "/members/$ref", ref(principal));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.code()).isEqualTo("Request_ResourceNotFound");
    Reply memberOf = graph("GET", "/servicePrincipals/" + principal + "/memberOf", null);
    assertThat(memberOf.body().path("value").get(0).path("id").asText()).isEqualTo(group);
    assertThat(memberOf.body().path("value").get(0).path("@odata.type").asText())
        .isEqualTo("#microsoft.graph.group");
    String remove = "/groups/" + group + "/members/" + principal + "/$ref";
    assertThat(graph("DELETE", remove, null).status()).isEqualTo(204);
    assertThat(graph("DELETE", remove, null).status()).isEqualTo(404);
    assertThat(
            graph("GET", "/servicePrincipals/" + principal + "/memberOf", null)
                .body()
                .path("value"))
        .isEmpty();
  }

  @Test
  void roleAssignableGroupsNeedRoleManagement() {
    String principal = identity("privileged");
    String group = group(true);
    Reply refused = graph("POST", "/groups/" + group + "/members/$ref", ref(principal));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("Authorization_RequestDenied");
    emulator.graph().roleManagementGranted(true);
    assertThat(graph("POST", "/groups/" + group + "/members/$ref", ref(principal)).status())
        .isEqualTo(204);
  }

  @Test
  void appRolesAreAssignedOnceListedFromBothSidesAndDeleted() {
    String principal = identity("reader");
    String body =
        "{\"principalId\":\""
            + principal
            + "\",\"resourceId\":\""
            + GRAPH
            + "\",\"appRoleId\":\""
            + WellKnownResources.USER_READ_ALL
            + "\"}";
    Reply created = graph("POST", "/servicePrincipals/" + GRAPH + "/appRoleAssignedTo", body);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("resourceDisplayName").asText()).isEqualTo("Microsoft Graph");
    String id = created.body().path("id").asText();
    Reply duplicate =
        graph("POST", "/servicePrincipals/" + principal + "/appRoleAssignments", body);
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.message()).contains("already exists");
    Reply unknownRole =
        graph(
            "POST",
            "/servicePrincipals/" + GRAPH + "/appRoleAssignedTo",
            body.replace(WellKnownResources.USER_READ_ALL, UUID.randomUUID().toString()));
    assertThat(unknownRole.status()).isEqualTo(400);
    assertThat(
            graph("GET", "/servicePrincipals/" + principal + "/appRoleAssignments", null)
                .body()
                .path("value")
                .get(0)
                .path("id")
                .asText())
        .isEqualTo(id);
    assertThat(
            graph("GET", "/servicePrincipals/" + GRAPH + "/appRoleAssignedTo", null)
                .body()
                .path("value"))
        .hasSize(1);
    assertThat(
            graph("DELETE", "/servicePrincipals/" + GRAPH + "/appRoleAssignedTo/" + id, null)
                .status())
        .isEqualTo(204);
    assertThat(
            graph("DELETE", "/servicePrincipals/" + GRAPH + "/appRoleAssignedTo/" + id, null)
                .status())
        .isEqualTo(404);
  }

  @Test
  void listsPageWithNextLinks() {
    String principal = identity("paged");
    for (int i = 0; i < 5; i++) {
      wire.control(
          "PUT", "/_emulator/graph/groups/" + group(false) + "/members/" + principal, null);
    }
    emulator.graph().pageSize(2);
    List<String> ids = new ArrayList<>();
    String next = "/servicePrincipals/" + principal + "/memberOf";
    int pages = 0;
    while (next != null) {
      Reply page = graph("GET", next, null);
      page.body().path("value").forEach(g -> ids.add(g.path("id").asText()));
      String link = page.body().path("@odata.nextLink").asText(null);
      next = link == null ? null : link.substring((emulator.baseUrl() + "/v1.0").length());
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(ids).hasSize(5).doesNotHaveDuplicates();
  }

  @Test
  void throttlingAnswers429WithRetryAfterWhenSwitchedOn() {
    wire.control(
        "PUT",
        "/_emulator/graph/settings",
        "{\"throttling\":{\"capacity\":1,\"refillPerSecond\":0.1}}");
    assertThat(graph("GET", "/servicePrincipals/" + GRAPH, null).status()).isEqualTo(200);
    Reply throttled = graph("GET", "/servicePrincipals/" + GRAPH, null);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isEqualTo("10");
    clock.advance(Duration.ofSeconds(10));
    assertThat(graph("GET", "/servicePrincipals/" + GRAPH, null).status()).isEqualTo(200);
    wire.control("PUT", "/_emulator/graph/settings", "{\"throttling\":null}");
  }

  @Test
  void deletingTheIdentityTakesItsMembershipsAndAppRoleAssignments() {
    String principal = identity("doomed");
    String group = group(false);
    graph("POST", "/groups/" + group + "/members/$ref", ref(principal));
    graph(
        "POST",
        "/servicePrincipals/" + principal + "/appRoleAssignments",
        "{\"principalId\":\""
            + principal
            + "\",\"resourceId\":\""
            + GRAPH
            + "\",\"appRoleId\":\""
            + WellKnownResources.GROUP_READ_ALL
            + "\"}");
    assertThat(emulator.graph().assignmentsOn(GRAPH)).hasSize(1);
    wire.arm(
        "DELETE", wire.identityPath("rg", "doomed") + "?api-version=" + EmulatorWire.MSI_API, null);
    assertThat(emulator.graph().members(group)).isEmpty();
    assertThat(emulator.graph().assignmentsOn(GRAPH)).isEmpty();
    assertThat(graph("GET", "/servicePrincipals/" + principal, null).status()).isEqualTo(404);
  }
}
