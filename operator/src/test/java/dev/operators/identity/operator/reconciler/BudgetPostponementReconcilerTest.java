package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.RequestPass;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A pass whose request the operator's budget refused: postponed, not failed. A resync keeps the
 * status it had; a first pass says it waits for the budget; neither backs off.
 */
class BudgetPostponementReconcilerTest extends ReconcilerFixture {

  private static AzureRequestException refused(long seconds) {
    return new AzureRequestException(
        "read identity",
        429,
        RequestPass.BUDGET_CODE,
        "The operator spaces its requests",
        null,
        Duration.ofSeconds(seconds),
        null);
  }

  @Test
  void aPostponedResyncKeepsItsStatusAndComesBackAfterThePostponement() {
    var uai = resource("orders-api");
    reconcile(uai);
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
    var before = uai.getStatus().getConditions();

    azure.failNext(refused(3));
    var control = reconcile(uai);

    assertThat(control.isPatchStatus()).isFalse();
    assertThat(uai.getStatus().getConditions()).isEqualTo(before);
    assertThat(control.getScheduleDelay().orElseThrow()).isBetween(3000L, 4500L);
    assertThat(failedPasses).isEmpty();
  }

  @Test
  void aPostponedFirstPassSaysItWaitsForTheBudgetAndDoesNotBackOff() {
    var uai = resource("orders-api");
    for (int i = 0; i < 4; i++) {
      azure.failNext(refused(3));
      var control = reconcile(uai);
      // backoff would have doubled to 16 s by the fourth; a postponement stays at 3 s plus jitter
      assertThat(control.getScheduleDelay().orElseThrow()).isBetween(3000L, 4500L);
    }
    assertThat(condition(uai, "IdentityReady").getReason()).isEqualTo("AzureThrottled");
    assertThat(condition(uai, "IdentityReady").getMessage())
        .startsWith("Waiting for the subscription's request budget");

    reconcile(uai);
    assertThat(condition(uai, "Ready").getStatus()).isEqualTo("True");
  }
}
