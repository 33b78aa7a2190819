package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;

/** {@link ConfigMapPort} on the API server (get, create, update, delete by name: no watch). */
public final class KubernetesConfigMaps implements ConfigMapPort {

  private final KubernetesClient client;

  public KubernetesConfigMaps(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Optional<Found> find(String namespace, String name) {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
    if (map == null) {
      return Optional.empty();
    }
    Optional<String> owner =
        map.getMetadata().getOwnerReferences().stream()
            .filter(r -> Boolean.TRUE.equals(r.getController()))
            .map(OwnerReference::getUid)
            .findFirst();
    return Optional.of(
        new Found(map.getData() == null ? Map.of() : Map.copyOf(map.getData()), owner));
  }

  @Override
  public void create(
      String namespace, String name, Map<String, String> data, UserAssignedIdentity owner) {
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withOwnerReferences(OwnerReferences.controlledBy(owner))
                .endMetadata()
                .withData(data)
                .build())
        .create();
  }

  @Override
  public void replaceData(String namespace, String name, Map<String, String> data) {
    client
        .configMaps()
        .inNamespace(namespace)
        .withName(name)
        .edit(map -> new ConfigMapBuilder(map).withData(data).build());
  }

  @Override
  public void delete(String namespace, String name) {
    client.configMaps().inNamespace(namespace).withName(name).delete();
  }
}
