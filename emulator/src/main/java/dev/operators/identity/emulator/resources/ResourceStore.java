package dev.operators.identity.emulator.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * Every resource of every type (resource groups included), keyed by lower-cased ARM id: ARM ids are
 * case-insensitive, so lookups are too, while documents keep their creation casing. Compound
 * updates are serialised on the store.
 */
public final class ResourceStore {
  private final ConcurrentSkipListMap<String, StoredResource> resources =
      new ConcurrentSkipListMap<>();

  public static String key(String armId) {
    String trimmed = armId.endsWith("/") ? armId.substring(0, armId.length() - 1) : armId;
    return trimmed.toLowerCase(Locale.ROOT);
  }

  public Optional<StoredResource> get(String armId) {
    return Optional.ofNullable(resources.get(key(armId)));
  }

  public synchronized void put(StoredResource resource) {
    resources.put(resource.key(), resource);
  }

  /**
   * Atomically replaces (or creates, or with a {@code null} result removes) the resource at an id.
   */
  synchronized Optional<StoredResource> compute(
      String armId, UnaryOperator<StoredResource> update) {
    return Optional.ofNullable(resources.compute(key(armId), (k, old) -> update.apply(old)));
  }

  public synchronized Optional<StoredResource> remove(String armId) {
    return Optional.ofNullable(resources.remove(key(armId)));
  }

  /** Removes everything strictly under an id (children, grandchildren...), returns them. */
  public synchronized List<StoredResource> removeUnder(String armId) {
    String prefix = key(armId) + "/";
    var under = resources.subMap(prefix, true, prefix + Character.MAX_VALUE, true);
    List<StoredResource> removed = new ArrayList<>(under.values());
    under.clear();
    return removed;
  }

  /** Resources of a type (case-insensitive) whose id starts with a scope, ordered by id. */
  public List<StoredResource> list(String type, String scopeId) {
    String prefix = scopeId == null ? "" : key(scopeId) + "/";
    return resources.tailMap(prefix, true).values().stream()
        .takeWhile(r -> r.key().startsWith(prefix))
        .filter(r -> type == null || r.type().equalsIgnoreCase(type))
        .toList();
  }

  public List<StoredResource> all() {
    return List.copyOf(resources.values());
  }

  public synchronized void clear() {
    resources.clear();
  }
}
