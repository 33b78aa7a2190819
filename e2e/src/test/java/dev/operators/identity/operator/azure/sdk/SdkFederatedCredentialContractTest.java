package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.FederatedCredentialPort;
import dev.operators.identity.operator.azure.IdentityRef;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SdkFederatedCredentialAdapter} against the emulator's federatedIdentityCredentials
 * (api-version 2024-11-30): create, update, list across pages, delete, and Azure's refusals as they
 * reach the reconciler (the concurrent-writes 409 by its code).
 */
class SdkFederatedCredentialContractTest extends AdapterContractFixture {

  static final String ISSUER = "https://oidc.prod-aks.azure.com/tenant/cluster/";
  static final List<String> AUDIENCE = List.of("api://AzureADTokenExchange");

  IdentityRef identity;

  @BeforeEach
  void anIdentity() {
    seed(resourceId(IDENTITIES, "orders-api"), "{\"location\":\"eastus\"}");
    identity = new IdentityRef(sub, RG, "orders-api");
    credentialLock(Duration.ZERO);
  }

  FederatedCredentialPort credentials() {
    return ports.federatedCredentials();
  }

  static FederatedCredential sa(String name) {
    return new FederatedCredential(name, ISSUER, "system:serviceaccount:orders:" + name, AUDIENCE);
  }

  @Test
  void aCredentialIsCreatedUpdatedInPlaceListedAndDeleted() {
    FederatedCredential created = credentials().put(identity, sa("api"));

    assertThat(created).isEqualTo(sa("api"));
    List<JsonNode> held = credentialsOf(identity.resourceId());
    assertThat(held)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.at("/properties/issuer").asText()).isEqualTo(ISSUER);
              assertThat(c.at("/properties/subject").asText())
                  .isEqualTo("system:serviceaccount:orders:api");
            });

    var moved = new FederatedCredential("api", ISSUER, "system:serviceaccount:other:api", AUDIENCE);
    assertThat(credentials().put(identity, moved).subject())
        .isEqualTo("system:serviceaccount:other:api");
    assertThat(credentials().list(identity, false)).containsExactly(moved);

    assertThat(credentials().delete(identity, "api")).isTrue();
    assertThat(credentials().delete(identity, "api")).isFalse();
    assertThat(credentials().list(identity, false)).isEmpty();
  }

  @Test
  void theListingFollowsEveryPage() {
    for (int i = 0; i < 20; i++) {
      credentials().put(identity, sa("sa-" + i));
    }

    assertThat(credentials().list(identity, false)).hasSize(20).doesNotHaveDuplicates();
  }

  @Test
  void anOverlappingWriteIsRefusedWithTheCodeTheReconcilerRetries() {
    credentialLock(Duration.ofMinutes(1));
    credentials().put(identity, sa("first"));

    AzureRequestException e =
        catchThrowableOfType(
            AzureRequestException.class, () -> credentials().put(identity, sa("second")));

    assertThat(e.statusCode()).isEqualTo(409);
    assertThat(e.errorCode())
        .isEqualTo("ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity");
    assertThat(e.requestId()).isPresent();
  }

  @Test
  void azuresRulesComeBackAsItsCodes() {
    credentials().put(identity, sa("api"));

    AzureRequestException samePair =
        catchThrowableOfType(
            AzureRequestException.class,
            () ->
                credentials()
                    .put(
                        identity,
                        new FederatedCredential(
                            "other", ISSUER, "system:serviceaccount:orders:api", AUDIENCE)));
    AzureRequestException noIdentity =
        catchThrowableOfType(
            AzureRequestException.class,
            () -> credentials().list(new IdentityRef(sub, RG, "missing"), false));

    assertThat(samePair.statusCode()).isEqualTo(400);
    assertThat(noIdentity.statusCode()).isEqualTo(404);
  }

  @Test
  void aNameAzureWouldRefuseIsNotSent() {
    for (String bad : new String[] {"ab", "-starts-with-dash", "has/slash", "a?b=c"}) {
      AzureRequestException e =
          catchThrowableOfType(
              AzureRequestException.class,
              () ->
                  credentials().put(identity, new FederatedCredential(bad, ISSUER, "s", AUDIENCE)));
      assertThat(e.statusCode()).as(bad).isEqualTo(-1);
    }
    assertThat(sent("PUT", "/federatedIdentityCredentials/")).isEmpty();
  }
}
