package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.operator.reconciler.KubernetesEventRecorder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's events as kubectl describe shows them: repeats aggregated, no request IDs. */
class EventAggregationTest extends EmbeddedKubernetesFixture {

  @Test
  void aRepeatedEventIsOneEventWithACountAndNoRequestId() {
    var uai = new UserAssignedIdentity();
    uai.setMetadata(
        new ObjectMetaBuilder()
            .withName("events-1")
            .withNamespace("team-a")
            .withUid("u-1")
            .build());
    uai.setSpec(new UserAssignedIdentitySpec());
    var recorder = new KubernetesEventRecorder(kube.client());

    for (int i = 0; i < 3; i++) {
      recorder.warning(
          uai,
          "AzureError",
          "create identity: Azure answered 404 ResourceGroupNotFound: missing (request r-"
              + i
              + ")");
    }
    recorder.warning(uai, "InvalidSpec", "spec.location is required");

    List<Event> events =
        kube.client().v1().events().inNamespace("team-a").list().getItems().stream()
            .filter(e -> "events-1".equals(e.getInvolvedObject().getName()))
            .toList();
    assertThat(events).hasSize(2);
    Event repeated =
        events.stream().filter(e -> e.getReason().equals("AzureError")).findFirst().orElseThrow();
    assertThat(repeated.getCount()).isEqualTo(3);
    assertThat(repeated.getMessage()).doesNotContain("request r-").endsWith("missing");
  }
}
