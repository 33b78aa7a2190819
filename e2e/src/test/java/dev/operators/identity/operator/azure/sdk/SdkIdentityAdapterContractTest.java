package dev.operators.identity.operator.azure.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.DesiredIdentity;
import dev.operators.identity.operator.azure.IdentityPort;
import dev.operators.identity.operator.azure.IdentityRef;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SdkIdentityAdapter} against ARM: the isolation scope sent raw (the SDK's model drops it),
 * 404 as empty, ARM's errors with their code, message and request ID, Retry-After, and which
 * failures are retried inside the call.
 */
class SdkIdentityAdapterContractTest extends AdapterContractFixture {

  static final String PATH = "/userAssignedIdentities/orders-api$";

  IdentityPort identities() {
    return ports.identities();
  }

  IdentityRef ref(String name) {
    return new IdentityRef(sub, RG, name);
  }

  static DesiredIdentity desired(IsolationScope scope, Map<String, String> tags) {
    return new DesiredIdentity("eastus", scope, tags);
  }

  @Test
  void aCreatedIdentityIsReadBackWithItsIdsAsAzureHoldsThem() {
    AzureIdentity created =
        identities().createOrReplace(ref("orders-api"), desired(IsolationScope.None, Map.of()));

    JsonNode azure = azure(ref("orders-api").resourceId()).orElseThrow();
    assertThat(created.resourceId()).isEqualToIgnoringCase(ref("orders-api").resourceId());
    assertThat(created.principalId()).isEqualTo(azure.at("/properties/principalId").asText());
    assertThat(created.clientId()).isEqualTo(azure.at("/properties/clientId").asText());
    assertThat(created.tenantId()).isEqualTo(azure.at("/properties/tenantId").asText());
    assertThat(created.location()).isEqualTo("eastus");
    assertThat(identities().find(ref("orders-api"))).contains(created);
    assertThat(sent("PUT", PATH))
        .singleElement()
        .satisfies(put -> assertThat(put.rawQuery()).isEqualTo("api-version=2024-11-30"));
  }

  @Test
  void theIsolationScopeIsWrittenOnCreateAndChangedInPlaceWithTheTags() {
    AzureIdentity created =
        identities()
            .createOrReplace(
                ref("orders-api"), desired(IsolationScope.Regional, Map.of("team", "orders")));
    assertThat(created.isolationScope()).isEqualTo(IsolationScope.Regional);
    assertThat(azure(created.resourceId()).orElseThrow().at("/properties/isolationScope").asText())
        .isEqualTo("Regional");

    AzureIdentity updated =
        identities()
            .update(ref("orders-api"), desired(IsolationScope.None, Map.of("team", "payments")));

    JsonNode azure = azure(created.resourceId()).orElseThrow();
    assertThat(azure.at("/properties/isolationScope").asText()).isEqualTo("None");
    assertThat(azure.path("tags").path("team").asText()).isEqualTo("payments");
    assertThat(updated.isolationScope()).isEqualTo(IsolationScope.None);
    assertThat(updated.tags()).containsExactly(Map.entry("team", "payments"));
    assertThat(updated.principalId()).isEqualTo(created.principalId());
    assertThat(sent("PATCH", PATH))
        .singleElement()
        .satisfies(
            patch -> {
              assertThat(patch.json().at("/properties/isolationScope").asText()).isEqualTo("None");
              assertThat(patch.json().has("location")).isFalse();
            });
  }

  @Test
  void aMissingIdentityOrResourceGroupIsEmptyAndDeletingNothingIsFalse() {
    assertThat(identities().find(ref("orders-api"))).isEmpty();
    assertThat(identities().find(new IdentityRef(sub, "rg-missing", "orders-api"))).isEmpty();
    identities().createOrReplace(ref("orders-api"), desired(IsolationScope.None, Map.of()));

    assertThat(identities().delete(ref("orders-api"))).isTrue();
    assertThat(identities().delete(ref("orders-api"))).isFalse();
    assertThat(azure(ref("orders-api").resourceId())).isEmpty();
  }

  @Test
  void azuresRefusalOfAWriteCarriesItsCodeMessageAndRequestId() {
    var missingGroup = new IdentityRef(sub, "rg-missing", "orders-api");

    AzureRequestException e =
        catchThrowableOfType(
            AzureRequestException.class,
            () -> identities().createOrReplace(missingGroup, desired(IsolationScope.None, null)));

    assertThat(e.statusCode()).isEqualTo(404);
    assertThat(e.isNotFound()).isTrue();
    assertThat(e.errorCode()).isEqualTo("ResourceGroupNotFound");
    assertThat(e.azureMessage()).contains("rg-missing");
    assertThat(e.requestId()).contains(requestIdOf("PUT", PATH));
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.getMessage()).contains("404 ResourceGroupNotFound");
  }

  @Test
  void azuresRefusalOfAReadCarriesItsCodeMessageAndRequestId() {
    deny("Microsoft.ManagedIdentity/userAssignedIdentities/read", rgScope());

    AzureRequestException e =
        catchThrowableOfType(
            AzureRequestException.class, () -> identities().find(ref("orders-api")));

    assertThat(e.statusCode()).isEqualTo(403);
    assertThat(e.errorCode()).isEqualTo("AuthorizationFailed");
    assertThat(e.azureMessage()).contains("userAssignedIdentities/read");
    assertThat(e.requestId()).contains(requestIdOf("GET", PATH));
  }

  @Test
  void aRetryAfterLongerThanACallWaitsIsReportedNotWaitedFor() {
    throttleNext("GET", PATH, 30);
    throttleNext("PUT", PATH, 45);

    AzureRequestException read =
        catchThrowableOfType(
            AzureRequestException.class, () -> identities().find(ref("orders-api")));
    AzureRequestException write =
        catchThrowableOfType(
            AzureRequestException.class,
            () ->
                identities()
                    .createOrReplace(ref("orders-api"), desired(IsolationScope.None, null)));

    assertThat(read.statusCode()).isEqualTo(429);
    assertThat(read.errorCode()).isEqualTo("SubscriptionRequestsThrottled");
    assertThat(read.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(write.statusCode()).isEqualTo(429);
    assertThat(write.retryAfter()).contains(Duration.ofSeconds(45));
    assertThat(served("GET", PATH)).isEqualTo(1);
    assertThat(served("PUT", PATH)).isEqualTo(1);
  }

  @Test
  void shortThrottlingAndServerErrorsAreRetriedInsideTheCallWithoutADuplicate() {
    throttleNext("PUT", PATH, 1);
    failNext("PUT", PATH, 500, 1);
    failNext("PUT", PATH, 503, 1);

    AzureIdentity created =
        identities().createOrReplace(ref("orders-api"), desired(IsolationScope.None, null));

    assertThat(created.principalId()).isNotBlank();
    assertThat(served("PUT", PATH)).isEqualTo(4);
    assertThat(servedOk("PUT", PATH)).isEqualTo(1);
  }

  @Test
  void serverErrorsThatOutlastTheRetriesAreATransientFailure() {
    failNext("GET", PATH, 500, -1);

    AzureRequestException e =
        catchThrowableOfType(
            AzureRequestException.class, () -> identities().find(ref("orders-api")));

    assertThat(e.statusCode()).isEqualTo(500);
    assertThat(e.errorCode()).isEqualTo("InternalServerError");
    assertThat(served("GET", PATH)).isEqualTo(1 + BoundedRetryStrategy.MAX_RETRIES);
  }

  @Test
  void aDroppedConnectionIsRetriedAndOneThatStaysDownIsNoResponse() {
    dropConnections("GET", PATH, 1);
    assertThat(identities().find(ref("orders-api"))).isEmpty();

    dropConnections("GET", PATH, -1);
    AzureRequestException e =
        catchThrowableOfType(
            AzureRequestException.class, () -> identities().find(ref("orders-api")));

    assertThat(e.statusCode()).isZero();
    assertThat(e.errorCode()).isEqualTo("NoResponse");
    assertThat(e.getMessage()).contains("got no answer from Azure").doesNotContain("Exception");
  }
}
