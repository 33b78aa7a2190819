package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.emulator.EmulatorWire.Reply;
import org.junit.jupiter.api.Test;

/**
 * Assignee resource types on the wire per provider: long-running operations, ETags and
 * preconditions, api-versions, locations and not-found answers.
 */
class EmulatorAssigneeLifecycleWireTest extends EmulatorAssigneeWireFixture {

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
    clock.advance(OPERATION);
    assertThat(wire.arm("GET", statusPath, null).body().path("status").asText())
        .isEqualTo("Succeeded");
    Reply got = wire.arm("GET", vm("VM1") + VM, null);
    assertThat(got.body().path("properties").path("provisioningState").asText())
        .isEqualTo("Succeeded");
    assertThat(got.body().path("properties").path("vmId").asText()).isNotBlank();
    assertThat(got.body().path("properties").path("hardwareProfile").path("vmSize").asText())
        .isEqualTo("Standard_B1s");
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
    assertSucceededOnceOperationsFinish(app + ACA);

    Reply patched = wire.arm("PATCH", app + ACA, attach("SystemAssigned,UserAssigned", id2));
    assertThat(patched.status()).isEqualTo(202);
    assertThat(patched.body()).isNull();
    String location = patched.header("Location").substring(emulator.baseUrl().toString().length());
    assertThat(location).contains("containerappOperationResults");
    assertThat(wire.arm("GET", location, null).status()).isEqualTo(202);
    clock.advance(OPERATION);
    assertThat(wire.arm("GET", location, null).status()).isEqualTo(200);
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
    clock.advance(OPERATION);
    assertThat(wire.arm("GET", deleteLocation, null).status()).isEqualTo(204);
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
}
