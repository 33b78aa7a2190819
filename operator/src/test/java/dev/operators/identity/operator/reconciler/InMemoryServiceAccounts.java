package dev.operators.identity.operator.reconciler;

import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** ServiceAccounts in memory: their annotations, and who owns the ones the operator created. */
final class InMemoryServiceAccounts implements ServiceAccountPort {

  final Map<String, Map<String, String>> annotations = new ConcurrentHashMap<>();
  final Map<String, String> owners = new ConcurrentHashMap<>();
  final List<String> writes = new CopyOnWriteArrayList<>();

  void add(String namespace, String name, Map<String, String> initial) {
    annotations.put(namespace + "/" + name, new HashMap<>(initial));
  }

  Map<String, String> of(String namespace, String name) {
    return annotations.get(namespace + "/" + name);
  }

  @Override
  public Optional<Map<String, String>> annotations(String namespace, String name) {
    return Optional.ofNullable(of(namespace, name)).map(Map::copyOf);
  }

  @Override
  public void create(
      String namespace, String name, Map<String, String> initial, UserAssignedIdentity owner) {
    writes.add("create " + namespace + "/" + name);
    annotations.put(namespace + "/" + name, new HashMap<>(initial));
    owners.put(namespace + "/" + name, owner.getMetadata().getUid());
  }

  @Override
  public void annotate(String namespace, String name, Map<String, String> changes) {
    writes.add("annotate " + namespace + "/" + name);
    Map<String, String> current = annotations.get(namespace + "/" + name);
    changes.forEach(
        (key, value) -> {
          if (value == null) {
            current.remove(key);
          } else {
            current.put(key, value);
          }
        });
  }
}
