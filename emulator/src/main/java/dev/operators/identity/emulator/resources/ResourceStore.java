package dev.operators.identity.emulator.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * Every resource of every type (resource groups included), keyed by lower-cased ARM id: ARM ids are
 * case-insensitive, so lookups are too, while documents keep their creation casing. Compound
 * updates are serialised on the store.
 *
 * <p>Two indexes keep listings and lookups proportional to what they return, not to the size of the
 * estate (a listing of one subscription's role assignments must not walk every identity of ten
 * subscriptions): resources by type, and resources by the {@code properties.principalId} they carry
 * (an identity's own principal, a role assignment's assignee).
 */
public final class ResourceStore {
  private final ConcurrentSkipListMap<String, StoredResource> resources =
      new ConcurrentSkipListMap<>();
  private final Map<String, ConcurrentSkipListMap<String, StoredResource>> byType =
      new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListMap<String, StoredResource>> byPrincipal =
      new ConcurrentHashMap<>();

  public static String key(String armId) {
    String trimmed = armId.endsWith("/") ? armId.substring(0, armId.length() - 1) : armId;
    return trimmed.toLowerCase(Locale.ROOT);
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  public Optional<StoredResource> get(String armId) {
    return Optional.ofNullable(resources.get(key(armId)));
  }

  public synchronized void put(StoredResource resource) {
    unindex(resources.put(resource.key(), resource));
    index(resource);
  }

  /**
   * Atomically replaces (or creates, or with a {@code null} result removes) the resource at an id.
   */
  synchronized Optional<StoredResource> compute(
      String armId, UnaryOperator<StoredResource> update) {
    String key = key(armId);
    StoredResource old = resources.get(key);
    StoredResource next = update.apply(old);
    unindex(old);
    if (next == null) {
      resources.remove(key);
    } else {
      resources.put(key, next);
      index(next);
    }
    return Optional.ofNullable(next);
  }

  public synchronized Optional<StoredResource> remove(String armId) {
    StoredResource removed = resources.remove(key(armId));
    unindex(removed);
    return Optional.ofNullable(removed);
  }

  /** Removes everything strictly under an id (children, grandchildren...), returns them. */
  public synchronized List<StoredResource> removeUnder(String armId) {
    String prefix = key(armId) + "/";
    var under = resources.subMap(prefix, true, prefix + Character.MAX_VALUE, true);
    List<StoredResource> removed = new ArrayList<>(under.values());
    under.clear();
    removed.forEach(this::unindex);
    return removed;
  }

  /** Resources of a type (case-insensitive) whose id starts with a scope, ordered by id. */
  public List<StoredResource> list(String type, String scopeId) {
    NavigableMap<String, StoredResource> source =
        type == null ? resources : byType.getOrDefault(lower(type), new ConcurrentSkipListMap<>());
    if (scopeId == null) {
      return List.copyOf(source.values());
    }
    String prefix = key(scopeId) + "/";
    return List.copyOf(source.subMap(prefix, true, prefix + Character.MAX_VALUE, true).values());
  }

  /**
   * Resources of a type (case-insensitive; {@code null} for any) whose {@code
   * properties.principalId} is the given one (case-insensitive), ordered by id.
   */
  public List<StoredResource> withPrincipal(String type, String principalId) {
    var carrying = byPrincipal.get(lower(principalId));
    if (carrying == null) {
      return List.of();
    }
    return carrying.values().stream()
        .filter(r -> type == null || r.type().equalsIgnoreCase(type))
        .toList();
  }

  public List<StoredResource> all() {
    return List.copyOf(resources.values());
  }

  public synchronized void clear() {
    resources.clear();
    byType.clear();
    byPrincipal.clear();
  }

  private void index(StoredResource resource) {
    byType
        .computeIfAbsent(lower(resource.type()), t -> new ConcurrentSkipListMap<>())
        .put(resource.key(), resource);
    String principal = principalOf(resource);
    if (principal != null) {
      byPrincipal
          .computeIfAbsent(lower(principal), p -> new ConcurrentSkipListMap<>())
          .put(resource.key(), resource);
    }
  }

  private void unindex(StoredResource resource) {
    if (resource == null) {
      return;
    }
    var ofType = byType.get(lower(resource.type()));
    if (ofType != null) {
      ofType.remove(resource.key());
    }
    String principal = principalOf(resource);
    if (principal != null) {
      var carrying = byPrincipal.get(lower(principal));
      if (carrying != null) {
        carrying.remove(resource.key());
        if (carrying.isEmpty()) {
          byPrincipal.remove(lower(principal));
        }
      }
    }
  }

  private static String principalOf(StoredResource resource) {
    String principal = resource.document().path("properties").path("principalId").asText("");
    return principal.isEmpty() ? null : principal;
  }
}
