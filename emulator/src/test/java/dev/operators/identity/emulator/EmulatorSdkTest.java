package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.models.Identity;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.models.ResourceGroup;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The emulator driven by the real, unmodified Azure SDK for Java. */
class EmulatorSdkTest {
  private static ArmEmulator emulator;
  private static HttpClient httpClient;
  private static TokenCredential credential;
  private static AzureProfile profile;

  @BeforeAll
  static void start() {
    emulator = ArmEmulator.start(EmulatorConfig.defaults());
    EmulatorSdkClients clients = EmulatorSdkClients.of(emulator);
    httpClient = clients.httpClient();
    credential = clients.credential();
    profile = clients.profile();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @Test
  void clientSecretCredentialGetsATokenThroughMsal() {
    AccessToken token =
        credential.getTokenSync(
            new TokenRequestContext().addScopes(emulator.baseUrl() + "//.default"));
    assertThat(token.getToken()).contains(".");
    assertThat(emulator.control().count("POST", "/oauth2/v2.0/token$")).isPositive();
  }

  @Test
  void wrongSecretFailsInMsal() {
    TokenCredential wrong = EmulatorSdkClients.credential(emulator, "wrong", httpClient);
    assertThatThrownBy(
            () ->
                wrong.getTokenSync(
                    new TokenRequestContext().addScopes("https://management.azure.com/.default")))
        .hasMessageContaining("AADSTS7000215");
  }

  @Test
  void resourceManagerCreatesGetsAndDeletesAResourceGroup() {
    ResourceManager resources =
        ResourceManager.configure()
            .withHttpClient(httpClient)
            .authenticate(credential, profile)
            .withSubscription(emulator.defaultSubscriptionId());
    ResourceGroup created =
        resources
            .resourceGroups()
            .define("sdk-rg")
            .withRegion("westeurope")
            .withTag("a", "b")
            .create();
    assertThat(created.name()).isEqualTo("sdk-rg");
    assertThat(created.regionName()).isEqualTo("westeurope");
    assertThat(resources.resourceGroups().getByName("SDK-RG").tags()).containsEntry("a", "b");
    assertThat(resources.resourceGroups().contain("sdk-rg")).isTrue();

    resources.resourceGroups().deleteByName("sdk-rg");

    assertThat(resources.resourceGroups().contain("sdk-rg")).isFalse();
    assertThatThrownBy(() -> resources.resourceGroups().getByName("sdk-rg"))
        .isInstanceOf(ManagementException.class)
        .satisfies(
            e ->
                assertThat(((ManagementException) e).getValue().getCode())
                    .isEqualTo("ResourceGroupNotFound"));
  }

  @Test
  void msiManagerManagesAnIdentity() {
    emulator.control().createResourceGroup(emulator.defaultSubscriptionId(), "msi-rg", "eastus");
    MsiManager msi =
        MsiManager.configure().withHttpClient(httpClient).authenticate(credential, profile);

    Identity identity =
        msi.identities()
            .define("sdk-identity")
            .withRegion("eastus")
            .withExistingResourceGroup("msi-rg")
            .withTag("owner", "test")
            .create();
    assertThat(identity.principalId()).isNotBlank();
    assertThat(identity.clientId()).isNotBlank();
    assertThat(identity.tenantId()).isEqualTo(emulator.tenantId());

    Identity fetched = msi.identities().getById(identity.id());
    assertThat(fetched.tags()).containsEntry("owner", "test");
    assertThat(fetched.principalId()).isEqualTo(identity.principalId());

    fetched.update().withTag("env", "e2e").apply();
    assertThat(msi.identities().getByResourceGroup("msi-rg", "sdk-identity").tags())
        .containsEntry("env", "e2e")
        .containsEntry("owner", "test");

    List<Identity> listed = msi.identities().listByResourceGroup("msi-rg").stream().toList();
    assertThat(listed).extracting(Identity::name).containsExactly("sdk-identity");
    assertThat(msi.identities().list().stream().map(Identity::name)).contains("sdk-identity");

    msi.identities().deleteById(identity.id());
    assertThatThrownBy(() -> msi.identities().getById(identity.id()))
        .isInstanceOf(ManagementException.class)
        .satisfies(
            e ->
                assertThat(((ManagementException) e).getValue().getCode())
                    .isEqualTo("ResourceNotFound"));
    assertThat(emulator.control().countSucceeded("PUT", "userAssignedIdentities/sdk-identity$"))
        .isPositive();
  }
}
