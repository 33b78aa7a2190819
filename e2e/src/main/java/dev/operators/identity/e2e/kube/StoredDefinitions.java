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
import java.util.function.Supplier;

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

  /** The definitions and their discovery documents. */
  private record Definitions(List<CustomResourceDefinition> crds, DiscoveryDocuments discovery) {}

  /** What was read from the store, as of a count of writes under its path. */
  private record Held<T>(long changes, T value) {}

  private final KubernetesCrudDispatcher crud;
  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong webhookChanges = new AtomicLong();
  private volatile Held<Optional<String>> webhookConfigurations;
  private volatile String serverAddress = "127.0.0.1";
  private volatile Held<Definitions> definitions;

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
    webhookConfigurations = renewed(webhookConfigurations, webhookChanges, () -> read(path));
    return webhookConfigurations.value();
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
    return read(EmbeddedKubernetesDispatcher.CRD_PATH)
        .map(l -> SERIALIZATION.unmarshal(l, CustomResourceDefinitionList.class).getItems())
        .map(List::copyOf)
        .orElse(List.of());
  }

  private Definitions current() {
    definitions =
        renewed(
            definitions,
            changes,
            () -> {
              List<CustomResourceDefinition> crds = read();
              return new Definitions(crds, new DiscoveryDocuments(crds, serverAddress));
            });
    return definitions.value();
  }

  /** {@code held} while no write under its path counted since; else read again. */
  private static <T> Held<T> renewed(Held<T> held, AtomicLong writes, Supplier<T> read) {
    long now = writes.get();
    return held != null && held.changes() == now ? held : new Held<>(now, read.get());
  }
}
