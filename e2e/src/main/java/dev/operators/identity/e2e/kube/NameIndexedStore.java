package dev.operators.identity.e2e.kube;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The CRUD store's map (every stored object by its attribute set), indexed by object name.
 * Fabric8's CRUD dispatcher answers a request by testing every stored object against the request's
 * attributes, so each request cost in proportion to the whole store (with thousands of resources
 * and their events, the embedded API spent its event loop there). A request for one named object
 * runs under a <em>name hint</em> ({@link #forName}): while it runs, {@link #entrySet()} holds only
 * the objects of that name, which are the only ones the dispatcher's test can accept; any other
 * request sees every object. The answers are the same, only found sooner.
 */
final class NameIndexedStore extends AbstractMap<AttributeSet, String> {

  private static final String NAME = "name";
  private static final ThreadLocal<String> HINT = new ThreadLocal<>();

  private final Map<AttributeSet, String> all = new LinkedHashMap<>();
  private final Map<String, Set<AttributeSet>> byName = new HashMap<>();

  /**
   * Runs {@code call} with the name hint of {@code query}: the single name it asks for by equality,
   * if any (else no hint: every object is seen).
   */
  static <T> T forName(AttributeSet query, Supplier<T> call) {
    String previous = HINT.get();
    HINT.set(nameOf(query));
    try {
      return call.get();
    } finally {
      HINT.set(previous);
    }
  }

  /** The one name an attribute set asks for by equality, or null. */
  static String nameOf(AttributeSet query) {
    if (query == null) {
      return null;
    }
    Attribute name = query.getAttribute(NAME);
    if (name == null || name.getType() != AttributeType.WITH || name.getValues().size() != 1) {
      return null;
    }
    String value = name.getValues().get(0).toString();
    return value == null || value.equals("*") ? null : value;
  }

  @Override
  public synchronized String put(AttributeSet key, String value) {
    String old = all.put(key, value);
    String name = nameOf(key);
    if (name != null) {
      byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(key);
    }
    return old;
  }

  @Override
  public synchronized String remove(Object key) {
    String old = all.remove(key);
    if (key instanceof AttributeSet set) {
      String name = nameOf(set);
      Set<AttributeSet> named = name == null ? null : byName.get(name);
      if (named != null) {
        named.remove(set);
        if (named.isEmpty()) {
          byName.remove(name);
        }
      }
    }
    return old;
  }

  @Override
  public synchronized String get(Object key) {
    return all.get(key);
  }

  @Override
  public synchronized boolean containsKey(Object key) {
    return all.containsKey(key);
  }

  @Override
  public synchronized int size() {
    return all.size();
  }

  @Override
  public synchronized void clear() {
    all.clear();
    byName.clear();
  }

  /**
   * A snapshot of the entries: under a name hint only those whose name is the hint (stored objects
   * without a name attribute cannot match a query that names one).
   */
  @Override
  public synchronized Set<Entry<AttributeSet, String>> entrySet() {
    String hint = HINT.get();
    List<Entry<AttributeSet, String>> entries = new ArrayList<>();
    if (hint == null) {
      all.forEach((k, v) -> entries.add(new SimpleImmutableEntry<>(k, v)));
    } else {
      for (AttributeSet key : byName.getOrDefault(hint, Set.of())) {
        entries.add(new SimpleImmutableEntry<>(key, all.get(key)));
      }
    }
    // A set over the list: the entries are distinct (map keys), and hashing attribute sets again
    // would cost what the index saves; the dispatcher only iterates it.
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<AttributeSet, String>> iterator() {
        return Collections.unmodifiableList(entries).iterator();
      }

      @Override
      public int size() {
        return entries.size();
      }
    };
  }
}
