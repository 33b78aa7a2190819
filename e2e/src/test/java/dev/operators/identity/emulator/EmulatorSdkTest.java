package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.models.Identity;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.models.ResourceGroup;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    httpClient =
        new JdkHttpClientBuilder(
                java.net.http.HttpClient.newBuilder().sslContext(emulator.clientSslContext()))
            .build();
    credential =
        new ClientSecretCredentialBuilder()
            .tenantId(emulator.tenantId())
            .clientId(emulator.clientId())
            .clientSecret(emulator.clientSecret())
            .authorityHost(emulator.baseUrl().toString())
            .disableInstanceDiscovery()
            .httpClient(httpClient)
            .build();
    profile =
        new AzureProfile(emulator.tenantId(), emulator.defaultSubscriptionId(), environment());
  }

  static AzureEnvironment environment() {
    String base = emulator.baseUrl() + "/";
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", base);
    endpoints.put("managementEndpointUrl", base);
    endpoints.put("activeDirectoryEndpointUrl", base);
    endpoints.put("activeDirectoryResourceId", base);
    return new AzureEnvironment(endpoints);
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
    TokenCredential wrong =
        new ClientSecretCredentialBuilder()
            .tenantId(emulator.tenantId())
            .clientId(emulator.clientId())
            .clientSecret("wrong")
            .authorityHost(emulator.baseUrl().toString())
            .disableInstanceDiscovery()
            .httpClient(httpClient)
            .build();
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
