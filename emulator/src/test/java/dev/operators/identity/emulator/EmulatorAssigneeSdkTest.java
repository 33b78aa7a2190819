package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.models.GenericResource;
import com.azure.resourcemanager.resources.models.Identity;
import com.azure.resourcemanager.resources.models.IdentityUserAssignedIdentitiesValue;
import com.azure.resourcemanager.resources.models.Provider;
import com.azure.resourcemanager.resources.models.ProviderResourceType;
import com.azure.resourcemanager.resources.models.ResourceIdentityType;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Assignee resource types through the real azure-resourcemanager-resources 2.54.1. */
class EmulatorAssigneeSdkTest {
  private static ArmEmulator emulator;
  private static ResourceManager resources;

  @BeforeAll
  static void start() {
    emulator = ArmEmulator.start(EmulatorConfig.defaults());
    emulator.control().setAsyncOperationDuration(java.time.Duration.ofMillis(200));
    EmulatorSdkClients clients = EmulatorSdkClients.of(emulator);
    resources =
        ResourceManager.configure()
            .withHttpClient(clients.httpClient())
            .authenticate(clients.credential(), clients.profile())
            .withSubscription(emulator.defaultSubscriptionId());
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void providerMetadataListsTypesVersionsAndLocations() {
    Provider compute = resources.providers().getByName("Microsoft.Compute");
    assertThat(compute.registrationState()).isEqualTo("Registered");
    ProviderResourceType vms =
        compute.resourceTypes().stream()
            .filter(t -> t.resourceType().equalsIgnoreCase("virtualMachines"))
            .findFirst()
            .orElseThrow();
    assertThat(vms.apiVersions()).first().isEqualTo("2025-04-01");
    assertThat(vms.apiVersions()).contains("2024-11-01", "2018-06-01");
    assertThat(vms.locations()).contains("East US", "West Europe");

    Provider msi = resources.providers().getByName("Microsoft.ManagedIdentity");
    assertThat(msi.resourceTypes().get(0).apiVersions()).contains("2024-11-30");
    assertThat(resources.providers().list().stream().map(Provider::namespace))
        .contains("Microsoft.Web", "Microsoft.App", "Microsoft.Compute");
  }

  @Test
  void genericResourcesGetAndUpdateIdentityThroughThePoller() {
    String sub = emulator.defaultSubscriptionId();
    emulator.control().createResourceGroup(sub, "sdk-rg", "eastus");
    String identityId =
        "/subscriptions/"
            + sub
            + "/resourceGroups/sdk-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1";
    JsonNode identity =
        emulator.control().putResource(identityId, EmulatorWire.parse("{\"location\":\"eastus\"}"));
    String vmId =
        "/subscriptions/"
            + sub
            + "/resourceGroups/sdk-rg/providers/Microsoft.Compute/virtualMachines/vm1";
    emulator
        .control()
        .putResource(
            vmId,
            EmulatorWire.parse(
                "{\"location\":\"eastus\",\"properties\":{\"hardwareProfile\":{\"vmSize\":\"Standard_B1s\"}}}"));

    String version =
        resources.providers().getByName("Microsoft.Compute").resourceTypes().stream()
            .filter(t -> t.resourceType().equals("virtualMachines"))
            .findFirst()
            .orElseThrow()
            .apiVersions()
            .get(0);
    GenericResource vm = resources.genericResources().getById(vmId, version);
    assertThat(vm.regionName()).isEqualTo("eastus");

    GenericResourceInner patch =
        new GenericResourceInner()
            .withIdentity(
                new Identity()
                    .withType(ResourceIdentityType.SYSTEM_ASSIGNED_USER_ASSIGNED)
                    .withUserAssignedIdentities(
                        Map.of(identityId, new IdentityUserAssignedIdentitiesValue())));
    GenericResourceInner updated =
        resources.serviceClient().getResources().updateById(vmId, version, patch);

    assertThat(updated.identity().type())
        .isEqualTo(ResourceIdentityType.SYSTEM_ASSIGNED_USER_ASSIGNED);
    assertThat(updated.identity().principalId()).isNotBlank();
    assertThat(updated.identity().userAssignedIdentities().get(identityId).principalId())
        .isEqualTo(identity.path("properties").path("principalId").asText());
    assertThat(((Map<?, ?>) updated.properties()).get("provisioningState")).isEqualTo("Succeeded");
    assertThat(emulator.control().listResourcesWithIdentity(identityId))
        .extracting(n -> n.path("id").asText())
        .containsExactly(vmId);

    // Container app through PUT (201 + Azure-AsyncOperation) with the poller.
    String appId =
        "/subscriptions/"
            + sub
            + "/resourceGroups/sdk-rg/providers/Microsoft.App/containerApps/app1";
    GenericResourceInner app =
        new GenericResourceInner()
            .withLocation("eastus")
            .withIdentity(
                new Identity()
                    .withType(ResourceIdentityType.USER_ASSIGNED)
                    .withUserAssignedIdentities(
                        Map.of(identityId, new IdentityUserAssignedIdentitiesValue())));
    GenericResourceInner created =
        resources.serviceClient().getResources().createOrUpdateById(appId, "2025-01-01", app);
    assertThat(created.identity().userAssignedIdentities()).containsKey(identityId);
    assertThat(((Map<?, ?>) created.properties()).get("provisioningState")).isEqualTo("Succeeded");
  }

  @Test
  void theGenericListingShowsEveryTopLevelResourceWithItsIdentityBlockOverPages() {
    String sub = emulator.defaultSubscriptionId();
    emulator.control().createResourceGroup(sub, "list-rg", "westeurope");
    String group = "/subscriptions/" + sub + "/resourceGroups/list-rg/providers/";
    String identityId = group + "Microsoft.ManagedIdentity/userAssignedIdentities/listed";
    emulator.control().putResource(identityId, EmulatorWire.parse("{\"location\":\"westeurope\"}"));
    // More than one page (100 per page) of web apps, one of them carrying the identity.
    for (int i = 0; i < 105; i++) {
      String identity =
          i == 42
              ? ",\"identity\":{\"type\":\"UserAssigned\",\"userAssignedIdentities\":{\""
                  + identityId
                  + "\":{}}}"
              : "";
      emulator
          .control()
          .putResource(
              group + "Microsoft.Web/sites/app-" + i,
              EmulatorWire.parse("{\"location\":\"westeurope\"" + identity + "}"));
    }

    var listed =
        resources.serviceClient().getResources().listByResourceGroup("list-rg").stream().toList();

    assertThat(listed).hasSize(106);
    assertThat(listed)
        .extracting(r -> r.type())
        .containsOnly("Microsoft.Web/sites", "Microsoft.ManagedIdentity/userAssignedIdentities");
    var carrier = listed.stream().filter(r -> r.name().equals("app-42")).findFirst().orElseThrow();
    assertThat(carrier.identity().type()).isEqualTo(ResourceIdentityType.USER_ASSIGNED);
    assertThat(carrier.identity().userAssignedIdentities()).containsOnlyKeys(identityId);
    // App Service shows its region by display name, as in its own GET.
    assertThat(carrier.location()).isEqualTo("West Europe");
    assertThat(resources.serviceClient().getResources().list().stream())
        .extracting(r -> r.id().toLowerCase(Locale.ROOT))
        .contains(carrier.id().toLowerCase(Locale.ROOT), identityId.toLowerCase(Locale.ROOT))
        .noneMatch(id -> id.endsWith("/resourcegroups/list-rg"));
  }
}
