package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.FederatedCredential;
import dev.operators.identity.operator.azure.FederatedCredential.Expression;
import dev.operators.identity.operator.azure.FederatedCredentialPort;
import dev.operators.identity.operator.azure.IdentityRef;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SdkFederatedCredentialAdapter} against the emulator's federatedIdentityCredentials
 * (api-version 2024-11-30): create, update, list across pages, delete, and Azure's refusals as they
 * reach the reconciler (the concurrent-writes 409 by its code). Flexible credentials (a
 * claims-matching expression) are written and listed with 2025-05-31-preview through the manager's
 * pipeline, and the stable listing shows them without their expression.
 */
class SdkFederatedCredentialContractTest extends AdapterContractFixture {

  static final String ISSUER = "https://oidc.prod-aks.azure.com/tenant/cluster/";
  static final List<String> AUDIENCE = List.of("api://AzureADTokenExchange");
  static final String GITHUB = "https://token.actions.githubusercontent.com";
  static final String REPO = "claims['sub'] matches 'repo:contoso/app:*'";
  static final FederatedCredential FLEXIBLE =
      new FederatedCredential("github-app", GITHUB, null, new Expression(REPO, 1), AUDIENCE);
  static final FederatedCredential SUBJECT = sa("orders-api");

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

  // --- flexible credentials (a claims-matching expression): 2025-05-31-preview ---

  @Test
  void aFlexibleCredentialIsWrittenWithThePreviewAndASubjectOneWithTheStableVersion() {
    assertThat(credentials().put(identity, FLEXIBLE)).isEqualTo(FLEXIBLE);
    assertThat(credentials().put(identity, SUBJECT)).isEqualTo(SUBJECT);

    SentRequest flexible = sent("PUT", "/federatedIdentityCredentials/github-app$").get(0);
    assertThat(flexible.rawQuery()).isEqualTo("api-version=2025-05-31-preview");
    assertThat(flexible.json().at("/properties/claimsMatchingExpression/value").asText())
        .isEqualTo(REPO);
    assertThat(flexible.json().at("/properties/claimsMatchingExpression/languageVersion").asInt())
        .isEqualTo(1);
    assertThat(flexible.json().at("/properties").has("subject")).isFalse();
    assertThat(sent("PUT", "/federatedIdentityCredentials/orders-api$").get(0).rawQuery())
        .isEqualTo("api-version=2024-11-30");
    JsonNode held =
        credentialsOf(identity.resourceId()).stream()
            .filter(c -> c.path("name").asText().equals("github-app"))
            .findFirst()
            .orElseThrow();
    assertThat(held.at("/properties/claimsMatchingExpression/value").asText()).isEqualTo(REPO);
    assertThat(held.at("/properties").has("subject")).isFalse();
  }

  @Test
  void onlyTheListingThatAsksForExpressionsShowsThem() {
    credentials().put(identity, FLEXIBLE);
    credentials().put(identity, SUBJECT);

    assertThat(credentials().list(identity, true)).containsExactlyInAnyOrder(FLEXIBLE, SUBJECT);
    assertThat(sent("GET", "/federatedIdentityCredentials$").get(0).rawQuery())
        .isEqualTo("api-version=2025-05-31-preview");
    assertThat(credentials().list(identity, false))
        .containsExactlyInAnyOrder(
            new FederatedCredential("github-app", GITHUB, null, null, AUDIENCE), SUBJECT);
  }

  @Test
  void aChangedExpressionIsReplacedInPlaceAndTheCredentialDeletedByName() {
    credentials().put(identity, FLEXIBLE);
    var wider =
        new FederatedCredential(
            "github-app", GITHUB, null, new Expression("claims['sub'] matches '*'", 1), AUDIENCE);

    credentials().put(identity, wider);
    assertThat(credentials().list(identity, true)).containsExactly(wider);

    assertThat(credentials().delete(identity, "github-app")).isTrue();
    assertThat(credentials().list(identity, true)).isEmpty();
  }

  @Test
  void azuresRefusalsOnThePreviewPathComeBackAsItsCodes() {
    credentialLock(Duration.ofMinutes(1));
    credentials().put(identity, SUBJECT);

    AzureRequestException concurrent =
        catchThrowableOfType(
            AzureRequestException.class, () -> credentials().put(identity, FLEXIBLE));
    AzureRequestException noIdentity =
        catchThrowableOfType(
            AzureRequestException.class,
            () -> credentials().list(new IdentityRef(sub, RG, "missing"), true));

    assertThat(concurrent.statusCode()).isEqualTo(409);
    assertThat(concurrent.errorCode())
        .isEqualTo("ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity");
    assertThat(concurrent.requestId()).isPresent();
    assertThat(noIdentity.statusCode()).isEqualTo(404);
    assertThat(noIdentity.errorCode()).isEqualTo("ResourceNotFound");
  }
}
