package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.api.v1alpha1.DeletionPolicy;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.FaultRule;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator end to end: the real operator (JOSDK, Fabric8, the Azure SDK over HTTPS with the
 * Entra token flow) against the Kubernetes mock server and the ARM emulator.
 */
class IdentityLifecycleE2ETest extends E2EFixture {

  // --- tests ---------------------------------------------------------------------------------

  @Test
  void createsTheIdentityAndReportsItsIdsInStatus() {
    apply(identity("orders-api", "eastus"));

    UserAssignedIdentity ready = awaitReady("orders-api");

    JsonNode azure = azureIdentity("orders-api").orElseThrow();
    var status = ready.getStatus();
    assertThat(status.getResourceId()).isEqualToIgnoringCase(armId("orders-api"));
    assertThat(status.getPrincipalId()).isEqualTo(azure.at("/properties/principalId").asText());
    assertThat(status.getClientId()).isEqualTo(azure.at("/properties/clientId").asText());
    assertThat(status.getTenantId()).isEqualTo(stack.emulator().tenantId());
    assertThat(status.getLocation()).isEqualTo("eastus");
    assertThat(status.getIsolationScope()).isEqualTo(IsolationScope.None);
    assertThat(azure.path("tags").path("team").asText()).isEqualTo("orders");
    assertThat(azure.path("tags").path("identity.operators.dev.cluster").asText())
        .isEqualTo(EmbeddedStack.CLUSTER_NAME);
    assertThat(azure.path("tags").path("identity.operators.dev.namespace").asText())
        .isEqualTo(namespace);
    assertThat(azure.path("tags").path("identity.operators.dev.name").asText())
        .isEqualTo("orders-api");
    assertThat(condition(ready, "IdentityReady").orElseThrow().getReason())
        .isEqualTo("Provisioned");
    assertThat(ready.getMetadata().getFinalizers()).isNotEmpty();
    assertThat(events("orders-api")).anyMatch(e -> e.startsWith("Normal Created"));
  }

  @Test
  void regionalIdentityIsCreatedWithItsIsolationScope() {
    var uai = identity("orders-weu", "westeurope");
    uai.getSpec().setIsolationScope(IsolationScope.Regional.name());
    apply(uai);

    UserAssignedIdentity ready = awaitReady("orders-weu");

    assertThat(ready.getStatus().getIsolationScope()).isEqualTo(IsolationScope.Regional);
    assertThat(azureIdentity("orders-weu").orElseThrow().at("/properties/isolationScope").asText())
        .isEqualTo("Regional");
  }

  @Test
  void tagAndIsolationScopeChangesAreAppliedInPlace() {
    apply(identity("orders-edit", "eastus"));
    String principal = awaitReady("orders-edit").getStatus().getPrincipalId();

    edit(
        "orders-edit",
        spec -> {
          spec.setTags(Map.of("team", "payments", "cost-center", "42"));
          spec.setIsolationScope(IsolationScope.Regional.name());
        });

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(cr("orders-edit").get().getStatus().getIsolationScope())
                    .isEqualTo(IsolationScope.Regional));
    awaitReady("orders-edit");
    JsonNode azure = azureIdentity("orders-edit").orElseThrow();
    assertThat(azure.at("/properties/isolationScope").asText()).isEqualTo("Regional");
    assertThat(azure.at("/properties/principalId").asText()).isEqualTo(principal);
    assertThat(azure.path("tags").path("team").asText()).isEqualTo("payments");
    assertThat(azure.path("tags").path("cost-center").asText()).isEqualTo("42");
    assertThat(stack.emulator().control().count("PATCH", "/userAssignedIdentities/orders-edit$"))
        .isGreaterThanOrEqualTo(1);
    assertThat(identitiesNamed("orders-edit")).isEqualTo(1);
  }

  @Test
  void deleteRemovesTheIdentityFromAzureThenTheResource() {
    apply(identity("orders-delete", "eastus"));
    awaitReady("orders-delete");

    cr("orders-delete").delete();

    await().atMost(Duration.ofSeconds(30)).until(() -> cr("orders-delete").get() == null);
    assertThat(azureIdentity("orders-delete")).isEmpty();
  }

  @Test
  void orphanLeavesTheIdentityInAzure() {
    var uai = identity("orders-orphan", "eastus");
    uai.getSpec().setDeletionPolicy(DeletionPolicy.Orphan.name());
    apply(uai);
    awaitReady("orders-orphan");
    stack.emulator().control().clearRequests();

    cr("orders-orphan").delete();

    await().atMost(Duration.ofSeconds(30)).until(() -> cr("orders-orphan").get() == null);
    assertThat(azureIdentity("orders-orphan")).isPresent();
    assertThat(writesTo("orders-orphan")).isZero();
  }

  @Test
  void deletingWhenAzureAlreadyLostTheIdentityIsNotAnError() {
    apply(identity("orders-gone", "eastus"));
    awaitReady("orders-gone");
    stack.emulator().control().deleteResource(armId("orders-gone"));

    cr("orders-gone").delete();

    await().atMost(Duration.ofSeconds(30)).until(() -> cr("orders-gone").get() == null);
  }

  @Test
  void anExistingIdentityIsRefusedUnlessTheResourceAsksToAdoptIt() throws Exception {
    stack
        .emulator()
        .control()
        .putResource(
            armId("legacy"),
            JSON.readTree("{\"location\":\"eastus\",\"tags\":{\"owner\":\"platform\"}}"));
    apply(identity("legacy", "eastus"));

    UserAssignedIdentity refused = awaitCondition("legacy", "IdentityReady", "False", "NotOwned");
    assertThat(condition(refused, "IdentityReady").orElseThrow().getMessage())
        .contains("identity.operators.dev/adopt");
    assertThat(writesTo("legacy")).isZero();
    assertThat(events("legacy")).anyMatch(e -> e.startsWith("Warning NotOwned"));

    cr("legacy")
        .edit(
            current -> {
              current
                  .getMetadata()
                  .setAnnotations(Map.of(UserAssignedIdentity.ADOPT_ANNOTATION, "true"));
              return current;
            });

    awaitReady("legacy");
    JsonNode azure = azureIdentity("legacy").orElseThrow();
    assertThat(azure.path("tags").path("identity.operators.dev.name").asText()).isEqualTo("legacy");
    assertThat(events("legacy")).anyMatch(e -> e.startsWith("Normal Adopted"));
  }

  @Test
  void theAdoptionAnnotationTakesEffectAtOnceNotAtTheNextResync() throws Exception {
    // With a production-like resync, only the annotation's own update can start the reconcile
    // (it changes metadata, not the spec's generation).
    stack.stopOperator();
    stack.startOperator(stack.operatorConfig(Duration.ofMinutes(10)));
    try {
      stack
          .emulator()
          .control()
          .putResource(armId("legacy-slow"), JSON.readTree("{\"location\":\"eastus\"}"));
      apply(identity("legacy-slow", "eastus"));
      awaitCondition("legacy-slow", "IdentityReady", "False", "NotOwned");

      cr("legacy-slow")
          .edit(
              current -> {
                current
                    .getMetadata()
                    .setAnnotations(Map.of(UserAssignedIdentity.ADOPT_ANNOTATION, "true"));
                return current;
              });

      awaitReady("legacy-slow");
    } finally {
      stack.stopOperator();
      stack.startOperator(stack.operatorConfig(RESYNC));
    }
  }

  @Test
  void anIdentityOwnedByAnotherClusterIsNeverTouched() throws Exception {
    stack
        .emulator()
        .control()
        .putResource(
            armId("foreign"),
            JSON.readTree(
                "{\"location\":\"eastus\",\"tags\":{\"identity.operators.dev.cluster\":\"prod-2\","
                    + "\"identity.operators.dev.namespace\":\"x\",\"identity.operators.dev.name\":\"y\"}}"));
    var uai = identity("foreign", "eastus");
    uai.getMetadata().setAnnotations(Map.of(UserAssignedIdentity.ADOPT_ANNOTATION, "true"));
    apply(uai);

    awaitCondition("foreign", "IdentityReady", "False", "OwnedByAnother");
    cr("foreign").delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> cr("foreign").get() == null);

    assertThat(writesTo("foreign")).isZero();
    assertThat(azureIdentity("foreign")).isPresent();
  }

  @Test
  void driftIsRepairedOnResync() throws Exception {
    apply(identity("orders-drift", "eastus"));
    String principal = awaitReady("orders-drift").getStatus().getPrincipalId();

    // Someone changes the tags and the isolation scope in the portal...
    JsonNode changed =
        JSON.readTree(
            azureIdentity("orders-drift")
                .orElseThrow()
                .toString()
                .replace("\"team\":\"orders\"", "\"team\":\"hacked\"")
                .replace("\"isolationScope\":\"None\"", "\"isolationScope\":\"Regional\""));
    stack.emulator().control().putResource(armId("orders-drift"), changed);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode azure = azureIdentity("orders-drift").orElseThrow();
              assertThat(azure.path("tags").path("team").asText()).isEqualTo("orders");
              assertThat(azure.at("/properties/isolationScope").asText()).isEqualTo("None");
            });

    // ...then deletes the identity: it is recreated, with a new principal.
    stack.emulator().control().deleteResource(armId("orders-drift"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(azureIdentity("orders-drift")).isPresent();
              assertThat(cr("orders-drift").get().getStatus().getPrincipalId())
                  .isNotEqualTo(principal)
                  .isEqualTo(
                      azureIdentity("orders-drift")
                          .orElseThrow()
                          .at("/properties/principalId")
                          .asText());
            });
    assertThat(events("orders-drift")).anyMatch(e -> e.startsWith("Warning Recreated"));
  }

  @Test
  void badSpecsAreRefusedWithASpecificMessageAndNoAzureWrite() {
    // The API server refuses what the schema forbids; what only the operator can judge (a
    // metadata.name that is no Azure name) reaches it and is refused there.
    var badLocation = identity("orders-bad-location", "East US");
    assertThatThrownBy(() -> apply(badLocation))
        .hasMessageContaining("spec.location: Invalid value: \"East US\"")
        .hasMessageContaining("422");
    apply(identity("orders.api", "eastus"));

    UserAssignedIdentity dotted = awaitCondition("orders.api", "Ready", "False", "InvalidSpec");
    assertThat(condition(dotted, "IdentityReady").orElseThrow().getMessage())
        .contains("metadata.name 'orders.api'")
        .contains("set spec.azureName");
    assertThat(events("orders.api")).anyMatch(e -> e.startsWith("Warning InvalidSpec"));
    assertThat(stack.emulator().control().count("PUT", IDENTITIES)).isZero();
    assertThat(stack.emulator().control().count("PATCH", IDENTITIES)).isZero();
  }

  @Test
  void aMissingResourceGroupIsReportedWithAzuresCodeAndConvergesOnceItExists() {
    var uai = identity("orders-norg", "eastus");
    uai.getSpec().setResourceGroup("rg-later");
    apply(uai);

    UserAssignedIdentity failed =
        awaitCondition("orders-norg", "IdentityReady", "False", "AzureError");
    assertThat(condition(failed, "IdentityReady").orElseThrow().getMessage())
        .contains("ResourceGroupNotFound");
    assertThat(events("orders-norg")).anyMatch(e -> e.startsWith("Warning AzureError"));

    stack.emulator().control().createResourceGroup(sub, "rg-later", "eastus");
    awaitReady("orders-norg");
  }

  @Test
  void throttlingAndServerErrorsConvergeWithoutADuplicate() {
    // Short bursts are retried inside the call; a long Retry-After reschedules the resource and
    // shows in status while it lasts.
    // Rules apply in order: the read is throttled for longer than the operator waits in a call;
    // then the create meets 429, 500 and 503 (retried in the call) and finally a slow answer.
    var control = stack.emulator().control();
    String path = "/userAssignedIdentities/orders-flaky$";
    control.injectFault(FaultRule.status("GET", path, 429, 1).withRetryAfter(8));
    control.injectFault(FaultRule.status("PUT", path, 429, 1).withRetryAfter(1));
    control.injectFault(FaultRule.status("PUT", path, 500, 1));
    control.injectFault(FaultRule.status("PUT", path, 503, 1));
    control.injectFault(FaultRule.latency("PUT", path, Duration.ofMillis(800), 1));
    apply(identity("orders-flaky", "eastus"));

    UserAssignedIdentity throttled =
        awaitCondition("orders-flaky", "IdentityReady", "False", "AzureThrottled");
    assertThat(condition(throttled, "IdentityReady").orElseThrow().getMessage())
        .contains("SubscriptionRequestsThrottled")
        .contains("retrying in 8s");

    awaitReady("orders-flaky");
    assertThat(identitiesNamed("orders-flaky")).isEqualTo(1);
    assertThat(control.count("PUT", path)).isEqualTo(4);
    assertThat(control.countSucceeded("PUT", path)).isEqualTo(1);
  }

  @Test
  void aRestartBetweenTheAzureWriteAndTheStatusWriteConvergesWithoutADuplicate() {
    apply(identity("orders-crash", "eastus"));
    String principal = awaitReady("orders-crash").getStatus().getPrincipalId();

    // The state a crash leaves behind: Azure holds the identity, Kubernetes never heard of it.
    stack.stopOperator();
    cr("orders-crash")
        .editStatus(
            current -> {
              current.setStatus(null);
              return current;
            });
    assertThat(cr("orders-crash").get().getStatus()).isNull();
    stack.emulator().control().clearRequests();
    stack.startOperator(stack.operatorConfig(RESYNC));

    UserAssignedIdentity ready = awaitReady("orders-crash");
    assertThat(ready.getStatus().getPrincipalId()).isEqualTo(principal);
    assertThat(identitiesNamed("orders-crash")).isEqualTo(1);
    assertThat(stack.emulator().control().count("PUT", "/userAssignedIdentities/orders-crash$"))
        .isZero();
  }

  @Test
  void aCrashDuringTheAzureWriteConvergesWithoutADuplicate() {
    // The PUT is in flight (slowed down) when the operator stops; the next operator finishes.
    stack
        .emulator()
        .control()
        .injectFault(
            FaultRule.latency(
                "PUT", "/userAssignedIdentities/orders-inflight$", Duration.ofSeconds(2), 1));
    apply(identity("orders-inflight", "eastus"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                stack.emulator().control().requests().stream()
                    .anyMatch(r -> r.path().endsWith("/orders-inflight")));
    stack.stopOperator();
    stack.startOperator(stack.operatorConfig(RESYNC));

    awaitReady("orders-inflight");
    assertThat(identitiesNamed("orders-inflight")).isEqualTo(1);
  }
}
