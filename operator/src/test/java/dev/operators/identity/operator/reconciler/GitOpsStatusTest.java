package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.operator.azure.AzureRequestException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What GitOps tools read: kstatus' Reconciling and Stalled, and one event per new problem. */
class GitOpsStatusTest extends ReconcilerFixture {

  @Test
  void aConvergedIdentityIsNeitherReconcilingNorStalled() {
    var uai = resource("orders-api");
    reconcile(uai);

    assertThat(condition(uai, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition(uai, "Stalled").getStatus()).isEqualTo("False");
    assertThat(condition(uai, "Reconciling").getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void throttlingIsWorkInProgressNotStalled() {
    azure.failNext(refusal(429, "TooManyRequests", "req-1"));
    var uai = resource("orders-api");

    reconcile(uai);

    assertThat(condition(uai, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(condition(uai, "Reconciling").getReason()).isEqualTo("AzureThrottled");
    assertThat(condition(uai, "Stalled").getStatus()).isEqualTo("False");
  }

  @Test
  void anInvalidSpecOrAnAzureRefusalIsStalled() {
    var invalid = resource("orders.api");
    reconcile(invalid);
    assertThat(condition(invalid, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(invalid, "Stalled").getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(invalid, "Reconciling").getStatus()).isEqualTo("False");

    azure.failNext(refusal(404, "ResourceGroupNotFound", "req-2"));
    var refused = resource("orders-api");
    reconcile(refused);
    assertThat(condition(refused, "Stalled").getReason()).isEqualTo("AzureError");
  }

  @Test
  void aRepeatedFailureWithNewRequestIdsIsOneEvent() {
    var uai = resource("orders-api");
    for (int i = 0; i < 4; i++) {
      azure.failNext(refusal(404, "ResourceGroupNotFound", "req-" + i));
      reconcile(uai);
    }

    assertThat(events.events).hasSize(1);
    assertThat(condition(uai, "IdentityReady").getMessage()).contains("(request req-3)");
  }

  private static AzureRequestException refusal(int status, String code, String requestId) {
    return new AzureRequestException(
        "read identity",
        status,
        code,
        "Resource group 'rg-orders' could not be found.",
        requestId,
        status == 429 ? Duration.ofSeconds(3) : null,
        null);
  }
}
