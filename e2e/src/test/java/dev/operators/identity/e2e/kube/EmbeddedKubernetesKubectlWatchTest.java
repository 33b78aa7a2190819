package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * kubectl get -w and kubectl wait stream watches over HTTP, which the embedded API does not serve
 * (Fabric8 clients, the operator's among them, watch over WebSocket): they fail at once with a
 * message that says so, after the listing.
 */
class EmbeddedKubernetesKubectlWatchTest extends KubectlFixture {

  @Test
  void getWatchListsThenFailsWithAClearMessage() throws Exception {
    kube.client()
        .resource(EmbeddedKubernetesClientTest.identity("team-a", "watched", "eastus"))
        .create();

    Result watch = kubectl("get", "uai", "-n", "team-a", "-w");

    assertThat(watch.stdout()).contains("watched");
    assertThat(watch.exitCode()).isNotZero();
    assertThat(watch.stderr()).contains("streams watches over WebSocket only");
  }
}
