package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Updates through the API replace an object's entry in the name index, never add to it. */
class NameIndexThroughTheApiTest {

  @Test
  void anObjectUpdatedManyTimesHasOneEntryUnderItsName() throws Exception {
    try (EmbeddedKubernetes kube = EmbeddedKubernetes.start(List.of())) {
      var client = kube.client();
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName("p").endMetadata().build())
          .create();
      client
          .configMaps()
          .inNamespace("p")
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("cm")
                  .endMetadata()
                  .addToData("a", "0")
                  .build())
          .create();
      for (int i = 0; i < 20; i++) {
        String value = Integer.toString(i);
        client
            .configMaps()
            .inNamespace("p")
            .withName("cm")
            .edit(
                c -> {
                  c.getData().put("a", value);
                  c.getMetadata().setLabels(Map.of("n", value));
                  return c;
                });
      }

      assertThat(named(kube, "cm")).hasSize(1);
      assertThat(client.configMaps().inNamespace("p").withName("cm").get().getData())
          .containsEntry("a", "19");
    }
  }

  /** The index's entries under a name (read by reflection: the store is internal). */
  private static Set<?> named(EmbeddedKubernetes kube, String name) throws Exception {
    var dispatcherField = EmbeddedKubernetes.class.getDeclaredField("dispatcher");
    dispatcherField.setAccessible(true);
    var crudField = EmbeddedKubernetesDispatcher.class.getDeclaredField("crud");
    crudField.setAccessible(true);
    var crud = (IndexedCrudDispatcher) crudField.get(dispatcherField.get(kube));
    var byName = NameIndexedStore.class.getDeclaredField("byName");
    byName.setAccessible(true);
    return ((Map<?, Set<?>>) byName.get(crud.store())).get(name);
  }
}
