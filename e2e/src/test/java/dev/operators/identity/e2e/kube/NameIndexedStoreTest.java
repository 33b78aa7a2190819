package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CRUD store's name index answers exactly what a scan of every object would. */
class NameIndexedStoreTest {

  private static AttributeSet object(String kind, String namespace, String name) {
    return new AttributeSet(
        new Attribute("kind", kind),
        new Attribute("namespace", namespace),
        new Attribute("name", name));
  }

  private static List<String> matching(NameIndexedStore store, AttributeSet query) {
    return NameIndexedStore.forName(
        query,
        () ->
            store.entrySet().stream()
                .filter(e -> e.getKey().matches(query))
                .map(Map.Entry::getValue)
                .sorted()
                .toList());
  }

  @Test
  void aNamedQuerySeesOnlyThatNameAndFindsWhatAFullScanFinds() {
    NameIndexedStore store = new NameIndexedStore();
    store.put(object("ConfigMap", "a", "orders"), "cm a/orders");
    store.put(object("ConfigMap", "b", "orders"), "cm b/orders");
    store.put(object("Secret", "a", "orders"), "secret a/orders");
    store.put(object("ConfigMap", "a", "billing"), "cm a/billing");

    AttributeSet one =
        new AttributeSet(
            new Attribute("kind", "ConfigMap"),
            new Attribute("namespace", "a"),
            new Attribute("name", "orders"));
    assertThat(matching(store, one)).containsExactly("cm a/orders");
    AttributeSet byName = new AttributeSet(new Attribute("name", "orders"));
    assertThat(matching(store, byName))
        .containsExactly("cm a/orders", "cm b/orders", "secret a/orders");
    NameIndexedStore.forName(byName, () -> assertThat(store.entrySet()).hasSize(3));

    AttributeSet list =
        new AttributeSet(new Attribute("kind", "ConfigMap"), new Attribute("namespace", "a"));
    assertThat(matching(store, list)).containsExactly("cm a/billing", "cm a/orders");
    AttributeSet anyName =
        new AttributeSet(new Attribute("name", List.of("orders", "billing"), AttributeType.IN));
    assertThat(NameIndexedStore.nameOf(anyName)).isNull();
    assertThat(matching(store, anyName)).hasSize(4);
  }

  @Test
  void theDispatchersQueryForANamedObjectCarriesItsName() {
    IndexedCrudDispatcher crud = new IndexedCrudDispatcher();
    for (String path :
        List.of(
            "/apis/identity.operators.dev/v1alpha1/namespaces/bench/userassignedidentities/id-1",
            "/apis/identity.operators.dev/v1alpha1/namespaces/bench/userassignedidentities/id-1/status",
            "/api/v1/namespaces/bench/events/id-1")) {
      assertThat(NameIndexedStore.nameOf(crud.query(path))).as(path).isEqualTo("id-1");
    }
  }

  @Test
  void replacingAndRemovingKeepTheIndex() {
    NameIndexedStore store = new NameIndexedStore();
    AttributeSet key = object("ConfigMap", "a", "orders");
    store.put(key, "v1");
    store.put(key, "v2");
    AttributeSet byName = new AttributeSet(new Attribute("name", "orders"));
    assertThat(matching(store, byName)).containsExactly("v2");
    assertThat(store.remove(key)).isEqualTo("v2");
    assertThat(matching(store, byName)).isEmpty();
    assertThat(store).isEmpty();
    store.put(key, "v3");
    store.clear();
    assertThat(matching(store, byName)).isEmpty();
  }
}
