package dev.operators.identity.operator.azure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Role definitions rarely change, and every reconcile resolves the same names: answers (also "no
 * such role") are kept for a bounded time, and at most a bounded number of them.
 */
public final class CachingRoleDefinitions implements RoleDefinitionPort {

  private record Entry(Optional<RoleDefinition> value, Instant expires) {}

  private final RoleDefinitionPort delegate;
  private final Duration lifetime;
  private final int maxEntries;
  private final Clock clock;
  private final Map<String, Entry> entries;

  public CachingRoleDefinitions(
      RoleDefinitionPort delegate, Duration lifetime, int maxEntries, Clock clock) {
    this.delegate = delegate;
    this.lifetime = lifetime;
    this.maxEntries = maxEntries;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true);
  }

  @Override
  public Optional<RoleDefinition> findByName(String scope, String roleName) {
    return cached("name|" + scope + "|" + roleName, () -> delegate.findByName(scope, roleName));
  }

  @Override
  public Optional<RoleDefinition> findById(String scope, String guidOrId) {
    return cached("id|" + scope + "|" + guidOrId, () -> delegate.findById(scope, guidOrId));
  }

  private Optional<RoleDefinition> cached(String rawKey, Supplier<Optional<RoleDefinition>> load) {
    String key = rawKey.toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    synchronized (entries) {
      Entry entry = entries.get(key);
      if (entry != null && entry.expires().isAfter(now)) {
        return entry.value();
      }
    }
    Optional<RoleDefinition> value = load.get();
    synchronized (entries) {
      entries.put(key, new Entry(value, now.plus(lifetime)));
      while (entries.size() > maxEntries) {
        entries.remove(entries.keySet().iterator().next());
      }
    }
    return value;
  }
}
