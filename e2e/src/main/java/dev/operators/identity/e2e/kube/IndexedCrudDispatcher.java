package dev.operators.identity.e2e.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * Fabric8's CRUD dispatcher over a {@link NameIndexedStore}: a request for one named object (get,
 * delete, and the lookup of a create, update or patch) tests only the stored objects of that name
 * instead of every object in the store. Behaviour is Fabric8's own; only the store differs.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  IndexedCrudDispatcher() {
    try {
      // CrudDispatcher creates its map itself (a synchronized LinkedHashMap) and offers no way to
      // pass another: replaced once, before any request, with the indexed one.
      Field map = CrudDispatcher.class.getDeclaredField("map");
      map.setAccessible(true);
      map.set(this, new NameIndexedStore());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot index Fabric8's CRUD store", e);
    }
  }

  /** The store (for tests). */
  Map<AttributeSet, String> store() {
    return map;
  }

  /** The attributes the dispatcher matches stored objects against for a path. */
  AttributeSet query(String path) {
    return attributeExtractor.fromPath(path);
  }

  @Override
  public MockResponse handleGet(String path) {
    return NameIndexedStore.forName(attributeExtractor.fromPath(path), () -> super.handleGet(path));
  }

  @Override
  public MockResponse handleDelete(String path) {
    return NameIndexedStore.forName(
        attributeExtractor.fromPath(path), () -> super.handleDelete(path));
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    return NameIndexedStore.forName(query, () -> super.findResource(query));
  }
}
