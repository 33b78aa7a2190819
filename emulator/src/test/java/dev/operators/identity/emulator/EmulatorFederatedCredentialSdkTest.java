package dev.operators.identity.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.FederatedIdentityCredentialsClient;
import com.azure.resourcemanager.msi.fluent.models.FederatedIdentityCredentialInner;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Federated identity credentials through the Azure SDK's typed client (azure-resourcemanager-msi
 * 2.53.8, {@code FederatedIdentityCredentialsClient}, api-version 2024-11-30), as an operator's
 * adapter would call them; the emulator on a test clock so that overlapping writes are exact.
 */
class EmulatorFederatedCredentialSdkTest {
  private static final String ISSUER = "https://oidc.prod-aks.azure.com/tenant/issuer/";
  private static final String AUDIENCE = "api://AzureADTokenExchange";

  private static TestClock clock;
  private static ArmEmulator emulator;
  private static FederatedIdentityCredentialsClient credentials;

  @BeforeAll
  static void start() {
    clock = new TestClock();
    emulator = ArmEmulator.start(EmulatorConfig.defaults().withClock(clock));
    EmulatorSdkClients clients = EmulatorSdkClients.of(emulator);
    credentials =
        MsiManager.configure()
            .withHttpClient(clients.httpClient())
            .authenticate(clients.credential(), clients.profile())
            .serviceClient()
            .getFederatedIdentityCredentials();
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  @BeforeEach
  void reset() {
    emulator.control().reset();
    emulator.control().createResourceGroup(emulator.defaultSubscriptionId(), "sdk-rg", "eastus");
    emulator
        .control()
        .putResource(
            "/subscriptions/"
                + emulator.defaultSubscriptionId()
                + "/resourceGroups/sdk-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/sdk-id",
            EmulatorWire.parse("{\"location\":\"eastus\"}"));
  }

  private static FederatedIdentityCredentialInner credential(String subject) {
    return new FederatedIdentityCredentialInner()
        .withIssuer(ISSUER)
        .withSubject(subject)
        .withAudiences(List.of(AUDIENCE));
  }

  /** A write one lock duration after the previous one, as an adapter writing one at a time. */
  private static FederatedIdentityCredentialInner write(String name, String subject) {
    clock.advance(Duration.ofMillis(60));
    return credentials.createOrUpdate("sdk-rg", "sdk-id", name, credential(subject));
  }

  private static String code(Throwable e) {
    return ((ManagementException) e).getValue().getCode();
  }

  @Test
  void createsReadsUpdatesListsAndDeletes() {
    FederatedIdentityCredentialInner created = write("ns-app", "system:serviceaccount:ns:app");
    assertThat(created.name()).isEqualTo("ns-app");
    assertThat(created.type())
        .isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials");
    assertThat(created.id())
        .endsWith("/userAssignedIdentities/sdk-id/federatedIdentityCredentials/ns-app");
    assertThat(created.issuer()).isEqualTo(ISSUER);
    assertThat(created.audiences()).containsExactly(AUDIENCE);

    FederatedIdentityCredentialInner fetched = credentials.get("sdk-rg", "sdk-id", "NS-APP");
    assertThat(fetched.subject()).isEqualTo("system:serviceaccount:ns:app");

    assertThat(write("ns-app", "system:serviceaccount:ns:app2").subject())
        .isEqualTo("system:serviceaccount:ns:app2");
    for (int i = 0; i < 4; i++) {
      write("more-" + i, "system:serviceaccount:ns:more-" + i);
    }
    assertThat(
            credentials.list("sdk-rg", "sdk-id").stream()
                .map(FederatedIdentityCredentialInner::name))
        .containsExactly("more-0", "more-1", "more-2", "more-3", "ns-app");
    var paged = credentials.list("sdk-rg", "sdk-id", 2, null, Context.NONE);
    assertThat(paged.streamByPage().count()).isEqualTo(3);
    assertThat(paged.stream().map(FederatedIdentityCredentialInner::name)).hasSize(5);

    clock.advance(Duration.ofMillis(60));
    credentials.delete("sdk-rg", "sdk-id", "ns-app");
    clock.advance(Duration.ofMillis(60));
    credentials.delete("sdk-rg", "sdk-id", "ns-app"); // 204: nothing there, no error
    assertThatThrownBy(() -> credentials.get("sdk-rg", "sdk-id", "ns-app"))
        .isInstanceOf(ManagementException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo("ResourceNotFound"));
  }

  @Test
  void anOverlappingWriteIsAManagementExceptionWithAzuresCodeAndARetryLaterSucceeds() {
    write("first", "s1");
    assertThatThrownBy(
            () -> credentials.createOrUpdate("sdk-rg", "sdk-id", "second", credential("s2")))
        .isInstanceOf(ManagementException.class)
        .satisfies(
            e -> {
              assertThat(((ManagementException) e).getResponse().getStatusCode()).isEqualTo(409);
              assertThat(code(e))
                  .isEqualTo(
                      "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity");
            });
    assertThat(write("second", "s2").name()).isEqualTo("second");
  }

  @Test
  void refusalsAreManagementExceptionsWithTheirCodes() {
    write("first", "s1");
    clock.advance(Duration.ofMillis(60));
    assertThatThrownBy(
            () -> credentials.createOrUpdate("sdk-rg", "sdk-id", "again", credential("s1")))
        .isInstanceOf(ManagementException.class)
        .hasMessageContaining("Issuer and subject combination already exists");
    assertThatThrownBy(() -> credentials.createOrUpdate("sdk-rg", "nobody", "x-1", credential("s")))
        .isInstanceOf(ManagementException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo("ResourceNotFound"));
    assertThatThrownBy(() -> credentials.list("sdk-rg", "nobody").stream().count())
        .isInstanceOf(ManagementException.class)
        .satisfies(e -> assertThat(code(e)).isEqualTo("ResourceNotFound"));
    assertThat(emulator.control().requests())
        .filteredOn(r -> r.resourceType().endsWith("/federatedIdentityCredentials"))
        .allSatisfy(r -> assertThat(r.query()).contains("api-version=2024-11-30"));
  }
}
