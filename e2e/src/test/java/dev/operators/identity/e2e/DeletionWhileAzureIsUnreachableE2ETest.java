package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.emulator.FaultRule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A resource deleted while Azure cannot be reached keeps its finalizer and says why; nothing is
 * half-deleted: once Azure answers again, the deletion completes and leaves no identity and no role
 * assignment of its principal behind.
 */
class DeletionWhileAzureIsUnreachableE2ETest extends E2EFixture {

  @Test
  void theFinalizerHoldsUntilAzureAnswersThenNothingIsLeft() {
    apply(identityWithReader("unreachable"));
    String principal = awaitReady("unreachable").getStatus().getPrincipalId();
    var control = stack.emulator().control();
    assertThat(control.roleAssignments())
        .anyMatch(a -> principal.equals(a.path("properties").path("principalId").asText()));
    control.injectFault(FaultRule.dropConnection(null, "/subscriptions/", -1));

    cr("unreachable").delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                events("unreachable").stream().anyMatch(e -> e.startsWith("Warning DeleteFailed")));
    // The status says why the finalizer stays.
    var held =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> cr("unreachable").get(),
                r ->
                    condition(r, "Ready")
                        .filter(c -> "False".equals(c.getStatus()))
                        .filter(c -> c.getMessage().startsWith("Deleting: "))
                        .isPresent());
    assertThat(held.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(condition(held, "Ready").orElseThrow().getReason()).isEqualTo("AzureUnavailable");
    assertThat(azureIdentity("unreachable")).isPresent();

    control.clearFaults();

    await().atMost(Duration.ofSeconds(60)).until(() -> cr("unreachable").get() == null);
    assertThat(azureIdentity("unreachable")).isEmpty();
    assertThat(control.roleAssignments())
        .noneMatch(a -> principal.equals(a.path("properties").path("principalId").asText()));
  }
}
