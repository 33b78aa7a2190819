package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
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
  void deleteRemovesTheIdentityFromAzureThenTheResource() {
    apply(identity("orders-delete", "eastus"));
    awaitReady("orders-delete");

    cr("orders-delete").delete();

    await().atMost(Duration.ofSeconds(30)).until(() -> cr("orders-delete").get() == null);
    assertThat(azureIdentity("orders-delete")).isEmpty();
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
