package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.emulator.EmulatorWire.Reply;
import dev.operators.identity.emulator.resources.ResourceGroupHandler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Resource groups and user-assigned identities: ARM's shapes, codes and messages on the wire. */
class EmulatorArmTest extends EmulatorWireFixture {
  private static final String MSI = "?api-version=" + EmulatorWire.MSI_API;
  private static final String RG = "?api-version=" + EmulatorWire.RG_API;

  @BeforeEach
  void reset() {
    emulator.control().reset();
    emulator.control().createResourceGroup(wire.sub(), "rg1", "eastus");
  }

  @Test
  void resourceGroupPutCreatesThenUpdates() {
    Reply created =
        wire.arm(
            "PUT",
            wire.rgPath("My-RG") + RG,
            "{\"location\":\"West Europe\",\"tags\":{\"a\":\"1\"}}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body().path("id").asText())
        .isEqualTo("/subscriptions/" + wire.sub() + "/resourceGroups/My-RG");
    assertThat(created.body().path("name").asText()).isEqualTo("My-RG");
    assertThat(created.body().path("type").asText())
        .isEqualTo("Microsoft.Resources/resourceGroups");
    assertThat(created.body().path("location").asText()).isEqualTo("westeurope");
    assertThat(created.body().path("properties").path("provisioningState").asText())
        .isEqualTo("Succeeded");
    assertThat(created.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(created.header("x-ms-ratelimit-remaining-subscription-writes")).isNotBlank();

    Reply updated = wire.arm("PUT", wire.rgPath("my-rg") + RG, "{\"location\":\"westeurope\"}");
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.body().path("name").asText()).isEqualTo("My-RG");
    assertThat(updated.body().has("tags")).isFalse();

    Reply moved = wire.arm("PUT", wire.rgPath("my-rg") + RG, "{\"location\":\"eastus\"}");
    assertThat(moved.status()).isEqualTo(409);
    assertThat(moved.code()).isEqualTo("InvalidResourceGroupLocation");
  }

  @Test
  void resourceGroupGetHeadAndNotFound() {
    assertThat(wire.arm("GET", wire.rgPath("RG1") + RG, null).body().path("name").asText())
        .isEqualTo("rg1");
    assertThat(wire.arm("HEAD", wire.rgPath("rg1") + RG, null).status()).isEqualTo(204);
    assertThat(wire.arm("HEAD", wire.rgPath("nope") + RG, null).status()).isEqualTo(404);
    Reply missing = wire.arm("GET", wire.rgPath("nope") + RG, null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.code()).isEqualTo("ResourceGroupNotFound");
    assertThat(missing.message()).isEqualTo("Resource group 'nope' could not be found.");
  }

  @Test
  void resourceGroupValidation() {
    Reply badLocation = wire.arm("PUT", wire.rgPath("x") + RG, "{\"location\":\"moon\"}");
    assertThat(badLocation.status()).isEqualTo(400);
    assertThat(badLocation.code()).isEqualTo("LocationNotAvailableForResourceGroup");
    assertThat(badLocation.message()).contains("'moon'").contains("eastus");
    Reply badName = wire.arm("PUT", wire.rgPath("bad%20name.") + RG, "{\"location\":\"eastus\"}");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.code()).isEqualTo("InvalidResourceGroupName");
    Reply badJson = wire.arm("PUT", wire.rgPath("x") + RG, "{not json");
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.code()).isEqualTo("InvalidRequestContent");
  }

  @Test
  void resourceGroupDeleteIsAsynchronousAndTakesTheIdentities() {
    wire.arm("PUT", wire.identityPath("rg1", "id1") + MSI, "{\"location\":\"eastus\"}");
    Reply accepted = wire.arm("DELETE", wire.rgPath("rg1") + RG, null);
    assertThat(accepted.status()).isEqualTo(202);
    String location = accepted.header("Location");
    assertThat(location)
        .startsWith(emulator.baseUrl() + "/subscriptions/" + wire.sub() + "/operationresults/");
    assertThat(accepted.header("Retry-After")).isEqualTo("1");
    String poll = location.substring(emulator.baseUrl().toString().length());
    assertThat(wire.arm("GET", poll, null).status()).isEqualTo(202);
    clock.advance(ResourceGroupHandler.DELETE_DURATION);
    assertThat(wire.arm("GET", poll, null).status()).isEqualTo(200);
    assertThat(wire.arm("GET", wire.rgPath("rg1") + RG, null).code())
        .isEqualTo("ResourceGroupNotFound");
    assertThat(emulator.control().listResources("Microsoft.ManagedIdentity/userAssignedIdentities"))
        .isEmpty();
    assertThat(wire.arm("DELETE", wire.rgPath("rg1") + RG, null).code())
        .isEqualTo("ResourceGroupNotFound");
  }

  @Test
  void apiVersionErrors() {
    Reply missing = wire.arm("GET", wire.rgPath("rg1"), null);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.code()).isEqualTo("MissingApiVersionParameter");
    assertThat(missing.message())
        .isEqualTo("The api-version query parameter (?api-version=) is required for all requests.");

    Reply badRg = wire.arm("GET", wire.rgPath("rg1") + "?api-version=2099-01-01", null);
    assertThat(badRg.status()).isEqualTo(400);
    assertThat(badRg.code()).isEqualTo("InvalidApiVersionParameter");
    assertThat(badRg.message())
        .startsWith(
            "The api-version '2099-01-01' is invalid. The supported versions are '2025-04-01,");

    Reply badMsi = wire.arm("GET", wire.identityPath("rg1", "x") + "?api-version=2099-01-01", null);
    assertThat(badMsi.status()).isEqualTo(400);
    assertThat(badMsi.code()).isEqualTo("NoRegisteredProviderFound");
    assertThat(badMsi.message())
        .startsWith(
            "No registered resource provider found for location 'eastus' and API version"
                + " '2099-01-01' for type 'userAssignedIdentities'. The supported api-versions are"
                + " '2015-08-31-preview, 2018-11-30,");
  }

  @Test
  void identityPutCreatesThenUpdatesAndKeepsIds() {
    Reply created =
        wire.arm(
            "PUT",
            wire.identityPath("RG1", "My-Identity") + MSI,
            "{\"location\":\"eastus\",\"tags\":{\"k\":\"v\"}}");
    assertThat(created.status()).isEqualTo(201);
    JsonNode body = created.body();
    assertThat(body.path("id").asText())
        .isEqualTo(
            "/subscriptions/"
                + wire.sub()
                + "/resourcegroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/My-Identity");
    assertThat(body.path("name").asText()).isEqualTo("My-Identity");
    assertThat(body.path("type").asText())
        .isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities");
    assertThat(body.path("location").asText()).isEqualTo("eastus");
    assertThat(body.path("tags").path("k").asText()).isEqualTo("v");
    JsonNode properties = body.path("properties");
    assertThat(properties.path("tenantId").asText()).isEqualTo(emulator.tenantId());
    assertThat(properties.path("principalId").asText()).hasSize(36);
    assertThat(properties.path("clientId").asText()).hasSize(36);
    assertThat(properties.path("isolationScope").asText()).isEqualTo("None");

    Reply again =
        wire.arm(
            "PUT",
            wire.identityPath("rg1", "my-identity") + MSI,
            "{\"location\":\"eastus\",\"tags\":{\"n\":\"2\"}}");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body().path("properties").path("principalId").asText())
        .isEqualTo(properties.path("principalId").asText());
    assertThat(again.body().path("tags").has("k")).isFalse();
    assertThat(again.body().path("tags").path("n").asText()).isEqualTo("2");

    Reply moved =
        wire.arm("PUT", wire.identityPath("rg1", "my-identity") + MSI, "{\"location\":\"westus\"}");
    assertThat(moved.status()).isEqualTo(400);
    assertThat(moved.code()).isEqualTo("InvalidResourceLocation");
    assertThat(moved.message())
        .isEqualTo(
            "The resource 'My-Identity' already exists in location 'eastus' in resource group"
                + " 'rg1'. A resource with the same name cannot be created in location 'westus'."
                + " Please select a new resource name.");
  }

  @Test
  void identityGetAndDelete() {
    Reply missing = wire.arm("GET", wire.identityPath("rg1", "ghost") + MSI, null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.code()).isEqualTo("ResourceNotFound");
    assertThat(missing.message())
        .isEqualTo(
            "The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/ghost' under resource"
                + " group 'rg1' was not found. For more details please go to"
                + " https://aka.ms/ARMResourceNotFoundFix");
    Reply noGroup = wire.arm("GET", wire.identityPath("nogroup", "ghost") + MSI, null);
    assertThat(noGroup.status()).isEqualTo(404);
    assertThat(noGroup.code()).isEqualTo("ResourceGroupNotFound");

    wire.arm("PUT", wire.identityPath("rg1", "gone") + MSI, "{\"location\":\"eastus\"}");
    assertThat(wire.arm("GET", wire.identityPath("rg1", "GONE") + MSI, null).status())
        .isEqualTo(200);
    Reply deleted = wire.arm("DELETE", wire.identityPath("rg1", "gone") + MSI, null);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.header("x-ms-ratelimit-remaining-subscription-deletes")).isNotBlank();
    assertThat(wire.arm("DELETE", wire.identityPath("rg1", "gone") + MSI, null).status())
        .isEqualTo(204);
  }

  @Test
  void identityValidation() {
    Reply badName =
        wire.arm("PUT", wire.identityPath("rg1", "-x") + MSI, "{\"location\":\"eastus\"}");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.code()).isEqualTo("InvalidResourceName");
    Reply badLocation =
        wire.arm("PUT", wire.identityPath("rg1", "abc") + MSI, "{\"location\":\"atlantis\"}");
    assertThat(badLocation.status()).isEqualTo(400);
    assertThat(badLocation.code()).isEqualTo("LocationNotAvailableForResourceType");
    assertThat(badLocation.message())
        .startsWith(
            "The provided location 'atlantis' is not available for resource type"
                + " 'Microsoft.ManagedIdentity/userAssignedIdentities'. List of available regions"
                + " for the resource type is 'eastus,eastus2,");
    Reply noLocation = wire.arm("PUT", wire.identityPath("rg1", "abc") + MSI, "{}");
    assertThat(noLocation.code()).isEqualTo("LocationRequired");
    Reply badScope =
        wire.arm(
            "PUT",
            wire.identityPath("rg1", "abc") + MSI,
            "{\"location\":\"eastus\",\"properties\":{\"isolationScope\":\"Global\"}}");
    assertThat(badScope.status()).isEqualTo(400);
  }

  @Test
  void isolationScopeDependsOnApiVersion() {
    Reply created =
        wire.arm(
            "PUT",
            wire.identityPath("rg1", "scoped") + MSI,
            "{\"location\":\"eastus\",\"properties\":{\"isolationScope\":\"Regional\"}}");
    assertThat(created.body().path("properties").path("isolationScope").asText())
        .isEqualTo("Regional");
    Reply old =
        wire.arm("GET", wire.identityPath("rg1", "scoped") + "?api-version=2023-01-31", null);
    assertThat(old.status()).isEqualTo(200);
    assertThat(old.body().path("properties").has("isolationScope")).isFalse();
    assertThat(old.body().path("properties").path("principalId").asText()).isNotBlank();

    Reply oldPut =
        wire.arm(
            "PUT",
            wire.identityPath("rg1", "scoped") + "?api-version=2023-01-31",
            "{\"location\":\"eastus\",\"properties\":{\"isolationScope\":\"None\"}}");
    assertThat(oldPut.status()).isEqualTo(200);
    assertThat(
            wire.arm("GET", wire.identityPath("rg1", "scoped") + MSI, null)
                .body()
                .path("properties")
                .path("isolationScope")
                .asText())
        .isEqualTo("Regional");
  }

  @Test
  void patchUpdatesTagsAndIsolationScope() {
    wire.arm(
        "PUT",
        wire.identityPath("rg1", "patched") + MSI,
        "{\"location\":\"eastus\",\"tags\":{\"a\":\"1\"}}");
    Reply patched =
        wire.arm(
            "PATCH",
            wire.identityPath("rg1", "patched") + MSI,
            "{\"tags\":{\"b\":\"2\"},\"properties\":{\"isolationScope\":\"Regional\"}}");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.body().path("tags").has("a")).isFalse();
    assertThat(patched.body().path("tags").path("b").asText()).isEqualTo("2");
    assertThat(patched.body().path("properties").path("isolationScope").asText())
        .isEqualTo("Regional");
    Reply scopeOnly =
        wire.arm(
            "PATCH",
            wire.identityPath("rg1", "patched") + MSI,
            "{\"properties\":{\"isolationScope\":\"None\"}}");
    assertThat(scopeOnly.body().path("tags").path("b").asText()).isEqualTo("2");
    assertThat(scopeOnly.body().path("properties").path("isolationScope").asText())
        .isEqualTo("None");
    assertThat(wire.arm("PATCH", wire.identityPath("rg1", "ghost") + MSI, "{}").code())
        .isEqualTo("ResourceNotFound");
  }

  @Test
  void listsPageWithNextLink() {
    emulator.control().createResourceGroup(wire.sub(), "rg2", "eastus");
    for (int i = 0; i < 130; i++) {
      emulator
          .control()
          .putResource(
              wire.identityPath(i < 120 ? "rg1" : "rg2", String.format("id-%03d", i)),
              EmulatorWire.JSON.createObjectNode().put("location", "eastus"));
    }
    List<String> names = new ArrayList<>();
    String next =
        "/subscriptions/"
            + wire.sub()
            + "/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities"
            + MSI;
    int pages = 0;
    while (next != null) {
      Reply page = wire.arm("GET", next, null);
      assertThat(page.status()).isEqualTo(200);
      page.body().path("value").forEach(v -> names.add(v.path("name").asText()));
      String link = page.body().path("nextLink").asText(null);
      next = link == null ? null : link.substring(emulator.baseUrl().toString().length());
      pages++;
    }
    assertThat(pages).isEqualTo(2);
    assertThat(names).hasSize(120).doesNotHaveDuplicates();

    Reply bySubscription =
        wire.arm(
            "GET",
            "/subscriptions/"
                + wire.sub()
                + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities"
                + MSI
                + "&$skiptoken=100",
            null);
    assertThat(bySubscription.body().path("value")).hasSize(30);
    assertThat(bySubscription.body().has("nextLink")).isFalse();
  }

  @Test
  void unknownProviderAndType() {
    assertThat(
            wire.arm(
                    "GET",
                    "/subscriptions/"
                        + wire.sub()
                        + "/resourceGroups/rg1/providers/Microsoft.Nope/things/x"
                        + MSI,
                    null)
                .code())
        .isEqualTo("InvalidResourceNamespace");
    assertThat(
            wire.arm(
                    "GET",
                    "/subscriptions/"
                        + wire.sub()
                        + "/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/nope/x"
                        + MSI,
                    null)
                .code())
        .isEqualTo("InvalidResourceType");
  }

  @Test
  void controlSeedsIdentitiesLikeACreate() {
    JsonNode seeded =
        emulator
            .control()
            .putResource(
                wire.identityPath("rg1", "seeded"),
                EmulatorWire.parse("{\"location\":\"eastus\",\"tags\":{\"x\":\"y\"}}"));
    assertThat(seeded.path("properties").path("principalId").asText()).isNotBlank();
    assertThat(emulator.control().getResource(wire.identityPath("RG1", "SEEDED"))).isPresent();
    assertThat(emulator.control().deleteResource(wire.identityPath("rg1", "seeded"))).isTrue();
    assertThat(emulator.control().getResource(wire.identityPath("rg1", "seeded"))).isEmpty();
  }

  @Test
  void concurrentCreatesOfOneIdentityYieldExactlyOneCreated() throws Exception {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(
            pool.submit(
                () ->
                    wire.arm(
                            "PUT",
                            wire.identityPath("rg1", "racy") + MSI,
                            "{\"location\":\"eastus\"}")
                        .status()));
      }
      List<Integer> statuses = new ArrayList<>();
      for (var result : results) {
        statuses.add(result.get());
      }
      assertThat(statuses).containsOnly(200, 201);
      assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
