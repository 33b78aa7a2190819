package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** kubectl's create generators send built-in kinds as protobuf: the embedded API reads them. */
class EmbeddedKubernetesKubectlCreateTest extends KubectlFixture {

  @Test
  void createNamespaceAndConfigMapAndSecret() throws Exception {
    assertThat(ok("create", "namespace", "team-new").stdout())
        .contains("namespace/team-new created");
    assertThat(kube.client().namespaces().withName("team-new").get()).isNotNull();

    ok("create", "configmap", "settings", "-n", "team-new", "--from-literal=region=eastus");
    assertThat(
            kube.client().configMaps().inNamespace("team-new").withName("settings").get().getData())
        .containsEntry("region", "eastus");

    ok("create", "secret", "generic", "token", "-n", "team-new", "--from-literal=key=s3cr3t");
    assertThat(kube.client().secrets().inNamespace("team-new").withName("token").get().getData())
        .containsKey("key");
  }
}
