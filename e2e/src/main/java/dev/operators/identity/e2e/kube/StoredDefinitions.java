package dev.operators.identity.e2e.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The custom resource definitions in the CRUD store, the discovery documents built from them, and
 * the validating webhook configurations, read again only after one of them was written. Every
 * request consults them (its route, its admission); reading them means scanning the whole store and
 * parsing every definition's schema, which made each request cost in proportion to the number of
 * stored objects (a benchmark of 2,000 resources spent most of the embedded API's time there).
 *
 * <p>Every write to the store goes through {@link #store}, which counts the writes of definitions
 * (created, changed, finalized, deleted): the count moves before and after the write, so a snapshot
 * read while one ran is never kept.
 */
final class StoredDefinitions {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** The definitions and their discovery documents as of a count of definition writes. */
  private record Snapshot(
      long changes, List<CustomResourceDefinition> crds, DiscoveryDocuments discovery) {}

  /** A list read from the store, as of a count of writes under its path. */
  private record HeldList(long changes, Optional<String> body) {}

  private final KubernetesCrudDispatcher crud;
  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong webhookChanges = new AtomicLong();
  private volatile HeldList webhookConfigurations;
  private volatile String serverAddress = "127.0.0.1";
  private volatile Snapshot snapshot;

  StoredDefinitions(KubernetesCrudDispatcher crud) {
    this.crud = crud;
  }

  /** The address discovery documents name (known once the server listens). */
  void serverAddress(String hostAndPort) {
    this.serverAddress = hostAndPort;
    changes.incrementAndGet();
  }

  /** A request to the CRUD store; a write of a definition renews the snapshot. */
  MockResponse store(RecordedRequest request) {
    boolean write = request.method() != HttpMethod.GET;
    AtomicLong counted =
        !write
            ? null
            : request.getPath().startsWith(EmbeddedKubernetesDispatcher.CRD_PATH)
                ? changes
                : request.getPath().startsWith(WebhookConfigurations.PATH) ? webhookChanges : null;
    if (counted != null) {
      counted.incrementAndGet();
    }
    try {
      return crud.dispatch(request);
    } finally {
      if (counted != null) {
        counted.incrementAndGet();
      }
    }
  }

  /**
   * The stored object at {@code path}, as JSON; the list of validating webhook configurations
   * (consulted by every write) is read again only after one was written.
   */
  Optional<String> stored(String path) {
    if (!path.equals(WebhookConfigurations.PATH)) {
      return read(path);
    }
    HeldList held = webhookConfigurations;
    long now = webhookChanges.get();
    if (held != null && held.changes() == now) {
      return held.body();
    }
    HeldList read = new HeldList(now, read(path));
    webhookConfigurations = read;
    return read.body();
  }

  private Optional<String> read(String path) {
    MockResponse current = crud.handleGet(path);
    return current.code() == 200 && current.getBody() != null
        ? Optional.of(current.getBody().readUtf8())
        : Optional.empty();
  }

  /** The stored definitions, shared: read them, do not change them. */
  List<CustomResourceDefinition> crds() {
    return current().crds();
  }

  DiscoveryDocuments discovery() {
    return current().discovery();
  }

  /** The definitions as stored now, parsed afresh (callers may change them). */
  List<CustomResourceDefinition> read() {
    MockResponse list = crud.handleGet(EmbeddedKubernetesDispatcher.CRD_PATH);
    if (list.code() != 200 || list.getBody() == null) {
      return List.of();
    }
    CustomResourceDefinitionList crds =
        SERIALIZATION.unmarshal(list.getBody().readUtf8(), CustomResourceDefinitionList.class);
    return crds.getItems() == null ? List.of() : List.copyOf(crds.getItems());
  }

  private Snapshot current() {
    Snapshot held = snapshot;
    long now = changes.get();
    if (held != null && held.changes() == now) {
      return held;
    }
    List<CustomResourceDefinition> crds = read();
    Snapshot read = new Snapshot(now, crds, new DiscoveryDocuments(crds, serverAddress));
    snapshot = read;
    return read;
  }
}
