package dev.operators.identity.emulator;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import java.util.HashMap;
import java.util.Map;

/**
 * The Azure SDK's client pieces pointed at an emulator, built as any SDK caller builds them: the
 * JDK HTTP client trusting the emulator's certificate, a client-secret credential against its token
 * endpoint, and a profile on a custom environment whose endpoints are the emulator.
 */
record EmulatorSdkClients(HttpClient httpClient, TokenCredential credential, AzureProfile profile) {

  static EmulatorSdkClients of(ArmEmulator emulator) {
    HttpClient httpClient =
        new JdkHttpClientBuilder(
                java.net.http.HttpClient.newBuilder().sslContext(emulator.clientSslContext()))
            .build();
    return new EmulatorSdkClients(
        httpClient,
        credential(emulator, emulator.clientSecret(), httpClient),
        new AzureProfile(
            emulator.tenantId(), emulator.defaultSubscriptionId(), environment(emulator)));
  }

  static TokenCredential credential(ArmEmulator emulator, String secret, HttpClient httpClient) {
    return new ClientSecretCredentialBuilder()
        .tenantId(emulator.tenantId())
        .clientId(emulator.clientId())
        .clientSecret(secret)
        .authorityHost(emulator.baseUrl().toString())
        .disableInstanceDiscovery()
        .httpClient(httpClient)
        .build();
  }

  static AzureEnvironment environment(ArmEmulator emulator) {
    String base = emulator.baseUrl() + "/";
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", base);
    endpoints.put("managementEndpointUrl", base);
    endpoints.put("activeDirectoryEndpointUrl", base);
    endpoints.put("activeDirectoryResourceId", base);
    return new AzureEnvironment(endpoints);
  }
}
