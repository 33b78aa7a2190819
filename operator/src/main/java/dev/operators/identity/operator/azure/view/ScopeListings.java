package dev.operators.identity.operator.azure.view;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What one listing per scope (a resource group, a subscription) showed, shared by every resource
 * that needs that scope, and listed again once it is older than the lifetime (the resync period):
 * at most one listing per scope per lifetime. Entries are keyed by ARM ID (case-insensitive).
 *
 * <p>The operator's own writes are recorded as they happen ({@link #record}, {@link #forget}), so a
 * pass sees what the previous one wrote. A write made while a listing is under way wins over that
 * listing, which may have been read before the write reached Azure. A listing that fails leaves no
 * snapshot behind once the old one expired: nothing is answered from a view older than the
 * lifetime. Concurrent passes that need the same expired scope wait for one listing.
 *
 * @param <V> the compact form of one listed object
 */
final class ScopeListings<V> {

  /** Lists one scope: every object in it, by ARM ID. */
  @FunctionalInterface
  interface Lister<V> {
    Map<String, V> list(String scope);
  }

  /** An entry: the object, or null where the operator deleted it; {@code seq} orders writes. */
  private record Entry<V>(V value, long seq) {}

  private static final class Snapshot<V> {
    private final Object listing = new Object();
    private Map<String, Entry<V>> entries = new HashMap<>();
    private Instant listedAt;
  }

  private final Duration lifetime;
  private final Clock clock;
  private final Lister<V> lister;
  private final Map<String, Snapshot<V>> scopes = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong listings = new AtomicLong();

  ScopeListings(Duration lifetime, Clock clock, Lister<V> lister) {
    this.lifetime = lifetime;
    this.clock = clock;
    this.lister = lister;
  }

  /** The object as the scope's current listing (and the writes since) shows it; empty: a miss. */
  Optional<V> find(String scope, String id) {
    Snapshot<V> snapshot = current(scope);
    synchronized (snapshot) {
      Entry<V> entry = snapshot.entries.get(key(id));
      return entry == null ? Optional.empty() : Optional.ofNullable(entry.value());
    }
  }

  /** Every object of the scope's current listing that matches. */
  List<V> matching(String scope, Predicate<V> filter) {
    Snapshot<V> snapshot = current(scope);
    List<V> found = new ArrayList<>();
    synchronized (snapshot) {
      for (Entry<V> entry : snapshot.entries.values()) {
        if (entry.value() != null && filter.test(entry.value())) {
          found.add(entry.value());
        }
      }
    }
    return found;
  }

  /** The object as a write or a fresh read returned it. */
  void record(String scope, String id, V value) {
    put(scope, id, value);
  }

  /** The object is gone (deleted by the operator), or is to be read afresh. */
  void forget(String scope, String id) {
    put(scope, id, null);
  }

  /** Forgets the object in every scope whose view holds it (an object seen from several). */
  void forgetWherever(String id) {
    String key = key(id);
    for (Snapshot<V> snapshot : scopes.values()) {
      synchronized (snapshot) {
        if (snapshot.entries.containsKey(key)) {
          snapshot.entries.put(key, new Entry<>(null, writes.incrementAndGet()));
        }
      }
    }
  }

  /** How many listings were made (for tests and metrics). */
  long listings() {
    return listings.get();
  }

  private void put(String scope, String id, V value) {
    Snapshot<V> snapshot = scopes.computeIfAbsent(key(scope), s -> new Snapshot<>());
    synchronized (snapshot) {
      snapshot.entries.put(key(id), new Entry<>(value, writes.incrementAndGet()));
    }
  }

  private Snapshot<V> current(String scope) {
    Snapshot<V> snapshot = scopes.computeIfAbsent(key(scope), s -> new Snapshot<>());
    synchronized (snapshot.listing) {
      Instant now = clock.instant();
      boolean fresh;
      synchronized (snapshot) {
        fresh = snapshot.listedAt != null && now.isBefore(snapshot.listedAt.plus(lifetime));
      }
      if (!fresh) {
        relist(scope, snapshot, now);
      }
    }
    return snapshot;
  }

  private void relist(String scope, Snapshot<V> snapshot, Instant now) {
    long before = writes.get();
    Map<String, V> listed;
    try {
      listings.incrementAndGet();
      listed = lister.list(scope);
    } catch (RuntimeException e) {
      synchronized (snapshot) {
        // Expired and not listed again: keep only what the operator wrote since the last one.
        snapshot.listedAt = null;
        snapshot.entries.values().removeIf(entry -> entry.seq() <= before);
      }
      throw e;
    }
    Map<String, Entry<V>> entries = new HashMap<>(listed.size() * 4 / 3 + 1);
    listed.forEach((id, value) -> entries.put(key(id), new Entry<>(value, 0)));
    synchronized (snapshot) {
      // Writes made during the listing win over it (the listing may predate them).
      snapshot.entries.forEach(
          (id, entry) -> {
            if (entry.seq() > before) {
              entries.put(id, entry);
            }
          });
      snapshot.entries = entries;
      snapshot.listedAt = now;
    }
  }

  static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }

  /** Keys a listing by each object's ARM ID. */
  static <V> Map<String, V> byId(List<V> listed, Function<V, String> id) {
    Map<String, V> map = new HashMap<>(listed.size() * 4 / 3 + 1);
    listed.forEach(v -> map.put(id.apply(v), v));
    return map;
  }
}
