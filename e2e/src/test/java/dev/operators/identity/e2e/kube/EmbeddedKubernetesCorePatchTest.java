package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;

/** Built-in resources are patched as a real API server patches them (RFC 7386 and RFC 6902). */
class EmbeddedKubernetesCorePatchTest {

  @Test
  void aNullInAMergePatchRemovesTheFieldAndAJsonPatchApplies() {
    try (EmbeddedKubernetes kube = EmbeddedKubernetes.builder().namespace("default").start()) {
      var client = kube.client();
      client
          .configMaps()
          .inNamespace("default")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("settings")
                  .withNamespace("default")
                  .addToAnnotations("keep", "me")
                  .addToAnnotations("drop", "me")
                  .endMetadata()
                  .addToData("a", "1")
                  .build())
          .create();
      var settings = client.configMaps().inNamespace("default").withName("settings");

      settings.patch(
          PatchContext.of(PatchType.JSON_MERGE),
          "{\"metadata\":{\"annotations\":{\"drop\":null}},\"data\":{\"b\":\"2\"}}");
      settings.patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/data/a\"}]");

      var patched = settings.get();
      assertThat(patched.getMetadata().getAnnotations()).containsOnlyKeys("keep");
      assertThat(patched.getData()).containsOnlyKeys("b");
    }
  }
}
