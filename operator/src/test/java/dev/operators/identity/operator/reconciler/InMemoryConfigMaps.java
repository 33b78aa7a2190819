package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** ConfigMaps in memory with their data and controlling owner. */
final class InMemoryConfigMaps implements ConfigMapPort {

  final Map<String, Found> maps = new ConcurrentHashMap<>();
  final List<String> writes = new CopyOnWriteArrayList<>();

  Found of(String namespace, String name) {
    return maps.get(namespace + "/" + name);
  }

  @Override
  public Optional<Found> find(String namespace, String name) {
    return Optional.ofNullable(of(namespace, name));
  }

  @Override
  public void create(
      String namespace, String name, Map<String, String> data, UserAssignedIdentity owner) {
    writes.add("create " + name);
    maps.put(
        namespace + "/" + name,
        new Found(Map.copyOf(data), Optional.of(owner.getMetadata().getUid())));
  }

  @Override
  public void replaceData(String namespace, String name, Map<String, String> data) {
    writes.add("replace " + name);
    maps.put(namespace + "/" + name, new Found(Map.copyOf(data), of(namespace, name).ownerUid()));
  }

  @Override
  public void delete(String namespace, String name) {
    writes.add("delete " + name);
    maps.remove(namespace + "/" + name);
  }
}
