package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.emulator.EmulatorWire.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Assignee resource types on the wire: identity attach/detach, errors, LROs, ETags. */
class EmulatorAssigneeWireTest {
  private static final String VM = "?api-version=2024-11-01";
  private static final String VMSS = "?api-version=2024-11-01";
  private static final String WEB = "?api-version=2024-11-01";
  private static final String ACA = "?api-version=2025-01-01";
  private static ArmEmulator emulator;
  private static EmulatorWire wire;
  private static String id1;
  private static String id2;
  private static String regional;

  @BeforeAll
  static void start() {
    emulator = ArmEmulator.start(EmulatorConfig.defaults());
    emulator.control().setAsyncOperationDuration(Duration.ofMillis(150));
    wire = new EmulatorWire(emulator);
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.control().reset();
    emulator.control().createResourceGroup(wire.sub(), "rg1", "eastus");
    id1 = identity("id1", "eastus", "None");
    id2 = identity("id2", "westeurope", "None");
    regional = identity("regional", "westeurope", "Regional");
  }

  private static String identity(String name, String location, String scope) {
    String id = wire.identityPath("rg1", name);
    emulator
        .control()
        .putResource(
            id,
            EmulatorWire.parse(
                "{\"location\":\""
                    + location
                    + "\",\"properties\":{\"isolationScope\":\""
                    + scope
                    + "\"}}"));
    return id;
  }

  private static String path(String namespaceType, String name) {
    return "/subscriptions/"
        + wire.sub()
        + "/resourceGroups/rg1/providers/"
        + namespaceType
        + "/"
        + name;
  }

  private static String vm(String name) {
    return path("Microsoft.Compute/virtualMachines", name);
  }

  private static String attach(String type, String... ids) {
    StringBuilder map = new StringBuilder();
    for (String id : ids) {
      map.append(map.length() == 0 ? "" : ",").append('"').append(id).append("\":{}");
    }
    return "{\"identity\":{\"type\":\"" + type + "\",\"userAssignedIdentities\":{" + map + "}}}";
  }

  private static void awaitSucceeded(String pathAndQuery) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                wire.arm("GET", pathAndQuery, null)
                    .body()
                    .path("properties")
                    .path("provisioningState")
                    .asText()
                    .equals("Succeeded"));
  }

  @Test
  void vmCreateIsLongRunningWithEtagAndSystemIdentity() {
    Reply created =
        wire.arm(
            "PUT",
            vm("vm1") + VM,
            "{\"location\":\"East US\",\"tags\":{\"a\":\"1\"},\"identity\":{\"type\":\"SystemAssigned\"},"
                + "\"properties\":{\"hardwareProfile\":{\"vmSize\":\"Standard_B1s\"}}}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("location").asText()).isEqualTo("eastus");
    assertThat(created.body().path("properties").path("provisioningState").asText())
        .isEqualTo("Creating");
    assertThat(created.body().path("etag").asText()).isEqualTo("\"1\"");
    assertThat(created.body().path("identity").path("type").asText()).isEqualTo("SystemAssigned");
    assertThat(created.body().path("identity").path("principalId").asText()).isNotBlank();
    assertThat(created.body().path("identity").path("tenantId").asText())
        .isEqualTo(emulator.tenantId());
    String async = created.header("Azure-AsyncOperation");
    assertThat(async)
        .contains("/providers/Microsoft.Compute/locations/eastus/operations/")
        .contains("api-version=2024-11-01");

    String statusPath = async.substring(emulator.baseUrl().toString().length());
    Reply running = wire.arm("GET", statusPath, null);
    assertThat(running.status()).isEqualTo(200);
    assertThat(running.body().path("status").asText()).isEqualTo("InProgress");
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                wire.arm("GET", statusPath, null)
                    .body()
                    .path("status")
                    .asText()
                    .equals("Succeeded"));
    Reply got = wire.arm("GET", vm("VM1") + VM, null);
    assertThat(got.body().path("properties").path("provisioningState").asText())
        .isEqualTo("Succeeded");
    assertThat(got.body().path("properties").path("vmId").asText()).isNotBlank();
    assertThat(got.body().path("properties").path("hardwareProfile").path("vmSize").asText())
        .isEqualTo("Standard_B1s");
  }

  @Test
  void vmAttachDetachPreservesOtherIdentitiesAndSystemPrincipal() {
    wire.arm(
        "PUT",
        vm("vm1") + VM,
        "{\"location\":\"eastus\",\"identity\":{\"type\":\"SystemAssigned\"}}");
    String principal =
        wire.arm("GET", vm("vm1") + VM, null).body().path("identity").path("principalId").asText();

    Reply both = wire.arm("PATCH", vm("vm1") + VM, attach("SystemAssigned, UserAssigned", id1));
    assertThat(both.status()).isEqualTo(200);
    assertThat(both.header("Azure-AsyncOperation")).isNotBlank();
    assertThat(both.header("Location")).contains("monitor=true");
    assertThat(both.body().path("properties").path("provisioningState").asText())
        .isEqualTo("Updating");
    JsonNode identity = both.body().path("identity");
    assertThat(identity.path("type").asText()).isEqualTo("SystemAssigned, UserAssigned");
    assertThat(identity.path("principalId").asText()).isEqualTo(principal);
    JsonNode attached = identity.path("userAssignedIdentities").path(id1);
    assertThat(attached.path("principalId").asText())
        .isEqualTo(
            emulator
                .control()
                .getResource(id1)
                .orElseThrow()
                .path("properties")
                .path("principalId")
                .asText());
    assertThat(attached.path("clientId").asText()).isNotBlank();

    // add a second one by PATCH: merged, the first stays
    Reply second = wire.arm("PATCH", vm("vm1") + VM, attach("SystemAssigned, UserAssigned", id2));
    assertThat(fields(second.body().path("identity").path("userAssignedIdentities")))
        .containsExactlyInAnyOrder(id1, id2);

    // detach with a null entry (key in another casing): only that one goes
    Reply detached =
        wire.arm(
            "PATCH",
            vm("vm1") + VM,
            "{\"identity\":{\"type\":\"SystemAssigned, UserAssigned\",\"userAssignedIdentities\":{\""
                + id1.toLowerCase()
                + "\":null}}}");
    assertThat(detached.status()).isEqualTo(200);
    assertThat(fields(detached.body().path("identity").path("userAssignedIdentities")))
        .containsExactly(id2);
    assertThat(detached.body().path("identity").path("principalId").asText()).isEqualTo(principal);
    assertThat(emulator.control().listResourcesWithIdentity(id2)).hasSize(1);
    assertThat(emulator.control().listResourcesWithIdentity(id1)).isEmpty();

    // drop UserAssigned by type alone: the map goes, the system identity stays
    Reply systemOnly =
        wire.arm("PATCH", vm("vm1") + VM, "{\"identity\":{\"type\":\"SystemAssigned\"}}");
    assertThat(systemOnly.body().path("identity").has("userAssignedIdentities")).isFalse();
    assertThat(systemOnly.body().path("identity").path("principalId").asText())
        .isEqualTo(principal);

    // UserAssigned only: the system principal goes; back to SystemAssigned gets a new one
    Reply userOnly = wire.arm("PATCH", vm("vm1") + VM, attach("UserAssigned", id1));
    assertThat(userOnly.body().path("identity").path("type").asText()).isEqualTo("UserAssigned");
    assertThat(userOnly.body().path("identity").has("principalId")).isFalse();
    Reply none = wire.arm("PATCH", vm("vm1") + VM, "{\"identity\":{\"type\":\"None\"}}");
    assertThat(none.body().has("identity")).isFalse();
    Reply again = wire.arm("PATCH", vm("vm1") + VM, "{\"identity\":{\"type\":\"SystemAssigned\"}}");
    assertThat(again.body().path("identity").path("principalId").asText()).isNotEqualTo(principal);
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void identityErrors() {
    wire.arm("PUT", vm("vm1") + VM, "{\"location\":\"eastus\"}");
    String missing = wire.identityPath("rg1", "nope");
    Reply unknown = wire.arm("PATCH", vm("vm1") + VM, attach("UserAssigned", missing));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.code()).isEqualTo("FailedIdentityOperation");
    assertThat(unknown.message())
        .startsWith("Identity operation for resource '" + vm("vm1") + "' failed with error")
        .contains("Status: 'BadRequest'")
        .contains(
            "resourcegroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/nope' was not found.");

    Reply malformed = wire.arm("PATCH", vm("vm1") + VM, attach("UserAssigned", "not-an-id"));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.code()).isEqualTo("LinkedInvalidPropertyId");

    Reply badType = wire.arm("PATCH", vm("vm1") + VM, "{\"identity\":{\"type\":\"Both\"}}");
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.code()).isEqualTo("InvalidRequestContent");

    Reply noType = wire.arm("PATCH", vm("vm1") + VM, "{\"identity\":{}}");
    assertThat(noType.code()).isEqualTo("InvalidRequestContent");
    assertThat(noType.message()).contains("Required property 'type' not found");

    Reply mapWithoutUser = wire.arm("PATCH", vm("vm1") + VM, attach("SystemAssigned", id1));
    assertThat(mapWithoutUser.code()).isEqualTo("FailedIdentityOperation");
    assertThat(mapWithoutUser.message())
        .contains("a non-UserAssigned identity type should not contain: userAssignedIdentities");

    Reply userWithoutMap =
        wire.arm("PATCH", vm("vm1") + VM, "{\"identity\":{\"type\":\"UserAssigned\"}}");
    assertThat(userWithoutMap.code()).isEqualTo("FailedIdentityOperation");

    Reply badValue =
        wire.arm(
            "PATCH",
            vm("vm1") + VM,
            "{\"identity\":{\"type\":\"UserAssigned\",\"userAssignedIdentities\":{\""
                + id1
                + "\":{\"foo\":1}}}}");
    assertThat(badValue.code()).isEqualTo("InvalidIdentityValues");

    // nothing was changed by the failures
    assertThat(wire.arm("GET", vm("vm1") + VM, null).body().has("identity")).isFalse();
  }

  @Test
  void apiVersionLocationAndNotFound() {
    Reply version = wire.arm("GET", vm("vm1") + "?api-version=2099-01-01", null);
    assertThat(version.status()).isEqualTo(400);
    assertThat(version.code()).isEqualTo("NoRegisteredProviderFound");
    assertThat(version.message()).contains("2025-04-01");

    Reply location = wire.arm("PUT", vm("vm1") + VM, "{\"location\":\"marsnorth\"}");
    assertThat(location.status()).isEqualTo(400);
    assertThat(location.code()).isEqualTo("LocationNotAvailableForResourceType");

    Reply missing = wire.arm("GET", vm("vm1") + VM, null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.code()).isEqualTo("ResourceNotFound");
    Reply patchMissing = wire.arm("PATCH", vm("vm1") + VM, "{\"tags\":{}}");
    assertThat(patchMissing.status()).isEqualTo(404);

    Reply noRg =
        wire.arm(
            "GET",
            "/subscriptions/"
                + wire.sub()
                + "/resourceGroups/nope/providers/Microsoft.Web/sites/s"
                + WEB,
            null);
    assertThat(noRg.code()).isEqualTo("ResourceGroupNotFound");
  }

  @Test
  void regionalIsolationRefusesAnotherRegion() {
    wire.arm("PUT", vm("vm1") + VM, "{\"location\":\"eastus\"}");
    Reply refused = wire.arm("PATCH", vm("vm1") + VM, attach("UserAssigned", regional));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("FailedIdentityOperation");
    assertThat(refused.message())
        .contains(
            dev.operators.identity.emulator.resources.AssigneeResources.REGIONAL_ISOLATION_CODE);

    // same region is fine; a non-regional identity from another region is fine
    wire.arm("PUT", path("Microsoft.Web/sites", "site1") + WEB, "{\"location\":\"westeurope\"}");
    Reply ok =
        wire.arm(
            "PATCH",
            path("Microsoft.Web/sites", "site1") + WEB,
            attach("UserAssigned", regional, id1));
    assertThat(ok.status()).isEqualTo(200);
  }

  @Test
  void webSitesAreSynchronousWithoutEtag() {
    Reply created =
        wire.arm(
            "PUT",
            path("Microsoft.Web/sites", "fn1") + WEB,
            "{\"location\":\"eastus\",\"kind\":\"functionapp\",\"properties\":{\"serverFarmId\":\"x\"}}");
    assertThat(created.status()).isEqualTo(200);
    assertThat(created.header("Azure-AsyncOperation")).isNull();
    assertThat(created.body().path("kind").asText()).isEqualTo("functionapp");
    assertThat(created.body().path("location").asText()).isEqualTo("East US");
    assertThat(created.body().has("etag")).isFalse();
    assertThat(created.body().path("properties").path("defaultHostName").asText())
        .isEqualTo("fn1.azurewebsites.net");

    Reply both =
        wire.arm(
            "PATCH",
            path("Microsoft.Web/sites", "fn1") + WEB,
            attach("SystemAssigned, UserAssigned", id1, id2));
    assertThat(both.status()).isEqualTo(200);
    assertThat(both.body().path("identity").path("type").asText())
        .isEqualTo("SystemAssigned, UserAssigned");
    Reply detach =
        wire.arm(
            "PATCH",
            path("Microsoft.Web/sites", "fn1") + WEB,
            "{\"identity\":{\"type\":\"SystemAssigned, UserAssigned\",\"userAssignedIdentities\":{\""
                + id2
                + "\":null}}}");
    assertThat(fields(detach.body().path("identity").path("userAssignedIdentities")))
        .containsExactly(id1);
    // If-Match is not honoured by Web (not in its spec)
    Reply ifMatch =
        wire.send(
            java.net.http.HttpRequest.newBuilder(wire.uri(path("Microsoft.Web/sites", "fn1") + WEB))
                .header("Authorization", "Bearer " + wire.token())
                .header("If-Match", "\"nope\"")
                .GET()
                .build());
    assertThat(ifMatch.status()).isEqualTo(200);

    Reply list =
        wire.arm(
            "GET",
            "/subscriptions/"
                + wire.sub()
                + "/resourceGroups/rg1/providers/Microsoft.Web/sites"
                + WEB,
            null);
    assertThat(list.body().path("value")).hasSize(1);
    assertThat(wire.arm("DELETE", path("Microsoft.Web/sites", "fn1") + WEB, null).status())
        .isEqualTo(200);
    assertThat(wire.arm("DELETE", path("Microsoft.Web/sites", "fn1") + WEB, null).status())
        .isEqualTo(204);
  }

  @Test
  void containerAppsAnswer201And202WithOperations() {
    String app = path("Microsoft.App/containerApps", "app1");
    Reply created =
        wire.arm(
            "PUT",
            app + ACA,
            "{\"location\":\"eastus\"," + attach("UserAssigned", id1).substring(1));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Azure-AsyncOperation"))
        .contains("/providers/Microsoft.App/locations/eastus/containerappOperationStatuses/");
    assertThat(created.body().path("properties").path("provisioningState").asText())
        .isEqualTo("InProgress");
    assertThat(created.body().path("identity").path("type").asText()).isEqualTo("UserAssigned");
    awaitSucceeded(app + ACA);

    Reply patched = wire.arm("PATCH", app + ACA, attach("SystemAssigned,UserAssigned", id2));
    assertThat(patched.status()).isEqualTo(202);
    assertThat(patched.body()).isNull();
    String location = patched.header("Location").substring(emulator.baseUrl().toString().length());
    assertThat(location).contains("containerappOperationResults");
    assertThat(wire.arm("GET", location, null).status()).isEqualTo(202);
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> wire.arm("GET", location, null).status() == 200);
    JsonNode done = wire.arm("GET", app + ACA, null).body();
    assertThat(done.path("identity").path("type").asText())
        .isEqualTo("SystemAssigned,UserAssigned");
    assertThat(fields(done.path("identity").path("userAssignedIdentities")))
        .containsExactlyInAnyOrder(id1, id2);

    // no-change PUT: 200
    Reply same =
        wire.arm(
            "PUT",
            app + ACA,
            EmulatorWire.JSON
                .createObjectNode()
                .put("location", "eastus")
                .set(
                    "identity",
                    EmulatorWire.parse(
                        "{\"type\":\"SystemAssigned,UserAssigned\",\"userAssignedIdentities\":{\""
                            + id1
                            + "\":{},\""
                            + id2
                            + "\":{}}}"))
                .toString());
    assertThat(same.status()).isEqualTo(200);

    Reply deleted = wire.arm("DELETE", app + ACA, null);
    assertThat(deleted.status()).isEqualTo(202);
    String deleteLocation =
        deleted.header("Location").substring(emulator.baseUrl().toString().length());
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> wire.arm("GET", deleteLocation, null).status() == 204);
    assertThat(wire.arm("GET", app + ACA, null).status()).isEqualTo(404);
  }

  @Test
  void scaleSetEtagIfMatch412() {
    String vmss = path("Microsoft.Compute/virtualMachineScaleSets", "ss1");
    Reply created =
        wire.arm(
            "PUT",
            vmss + VMSS,
            "{\"location\":\"eastus\",\"identity\":{\"type\":\"SystemAssigned\"}}");
    assertThat(created.status()).isEqualTo(201);
    String etag = created.body().path("etag").asText();

    Reply stale =
        withHeader(
            "PATCH",
            vmss + VMSS,
            attach("SystemAssigned, UserAssigned", id1),
            "If-Match",
            "\"999\"");
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.code()).isEqualTo("PreconditionFailed");

    Reply fresh =
        withHeader(
            "PATCH", vmss + VMSS, attach("SystemAssigned, UserAssigned", id1), "If-Match", etag);
    assertThat(fresh.status()).isEqualTo(200);
    assertThat(fresh.body().path("etag").asText()).isEqualTo("\"2\"");

    Reply createOnly =
        withHeader("PUT", vmss + VMSS, "{\"location\":\"eastus\"}", "If-None-Match", "*");
    assertThat(createOnly.status()).isEqualTo(412);
  }

  @Test
  void seedingFillsTheIdentityBlock() {
    JsonNode seeded =
        emulator
            .control()
            .putResource(
                path("Microsoft.App/containerApps", "seeded"),
                EmulatorWire.parse(
                    "{\"location\":\"eastus\","
                        + attach("SystemAssigned, UserAssigned", id1).substring(1)));
    assertThat(seeded.path("identity").path("type").asText())
        .isEqualTo("SystemAssigned,UserAssigned");
    assertThat(seeded.path("identity").path("principalId").asText()).isNotBlank();
    assertThat(
            seeded
                .path("identity")
                .path("userAssignedIdentities")
                .path(id1)
                .path("clientId")
                .asText())
        .isNotBlank();
    assertThat(seeded.path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(emulator.control().listResourcesWithIdentity(id1)).hasSize(1);
  }

  private static Reply withHeader(
      String method, String pathAndQuery, String body, String name, String value) {
    return wire.send(
        java.net.http.HttpRequest.newBuilder(wire.uri(pathAndQuery))
            .header("Authorization", "Bearer " + wire.token())
            .header("Content-Type", "application/json")
            .header(name, value)
            .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body))
            .build());
  }
}
