package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.operators.identity.operator.IdentityOperator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Liveness follows reconciling: live while the operator's informers are connected, not live once it
 * cannot reconcile any more (here: the Kubernetes API went away under it), so that the kubelet
 * restarts it; a graceful stop is not a failure.
 */
class LivenessE2ETest extends E2EFixture {

  @Test
  void livenessFailsWhenTheOperatorCanNoLongerReconcile() {
    IdentityOperator operator = stack.operator();
    apply(identity("alive", "eastus"));
    awaitReady("alive");
    assertThat(operator.live()).isTrue();

    stack.kubernetes().close();

    await().atMost(Duration.ofSeconds(30)).until(() -> !operator.live());
  }
}
