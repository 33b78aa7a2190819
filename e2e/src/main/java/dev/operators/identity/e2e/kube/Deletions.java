package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Deletion as a real cluster carries it out, where the mock server would simply drop the object:
 * deleting a namespace marks it Terminating and the namespace controller deletes every object in it
 * (each honouring its finalizers) before the namespace goes; deleting a CRD marks it Terminating
 * and every custom resource of its kind is deleted (honouring finalizers: an operator sees them as
 * deletions) before the CRD goes; and the garbage collector deletes objects whose {@code
 * ownerReferences} name an owner that no longer exists. {@link #collect} is one pass of those
 * controllers; the embedded API runs it in the background.
 */
final class Deletions {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern NAMESPACE = Pattern.compile("^/api/v1/namespaces/[^/]+$");
  private static final Pattern CRD =
      Pattern.compile("^" + Pattern.quote(EmbeddedKubernetesDispatcher.CRD_PATH) + "/[^/]+$");

  /** Built-in kinds whose objects namespaces hold and owners may own: kind to list path part. */
  private static final Map<String, String> CORE =
      Map.of(
          "ConfigMap", "/api/v1/namespaces/%s/configmaps",
          "Secret", "/api/v1/namespaces/%s/secrets",
          "ServiceAccount", "/api/v1/namespaces/%s/serviceaccounts",
          "Event", "/api/v1/namespaces/%s/events",
          "Lease", "/apis/coordination.k8s.io/v1/namespaces/%s/leases");

  static final String NAMESPACE_FINALIZER = "kubernetes";
  static final String CRD_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

  private final Function<String, Optional<String>> stored;
  private final Function<RecordedRequest, MockResponse> store;
  private final Supplier<List<CustomResourceDefinition>> crds;
  private final Clock clock;

  Deletions(
      Function<String, Optional<String>> stored,
      Function<RecordedRequest, MockResponse> store,
      Supplier<List<CustomResourceDefinition>> crds,
      Clock clock) {
    this.stored = stored;
    this.store = store;
    this.crds = crds;
    this.clock = clock;
  }

  /**
   * A DELETE of a namespace or CRD that is not terminating yet: marked Terminating, answered with
   * the marked object (as the API server answers); its contents go on the next passes.
   */
  Optional<MockResponse> handle(RecordedRequest request, String path) {
    if (request.method() != HttpMethod.DELETE
        || !(NAMESPACE.matcher(path).matches() || CRD.matcher(path).matches())) {
      return Optional.empty();
    }
    Optional<ObjectNode> current = stored.apply(path).map(Deletions::parse);
    if (current.isEmpty() || current.get().path("metadata").has("deletionTimestamp")) {
      return Optional.empty(); // missing (404 from the store) or terminating: delete for real
    }
    ObjectNode marked = current.get();
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode metadata = (ObjectNode) marked.get("metadata");
    metadata.put("deletionTimestamp", now);
    // What holds the object until its contents are gone: a CRD's own finalizer; for a namespace
    // the API server uses spec.finalizers, which the mock store does not know, so the same name
    // stands in metadata.finalizers.
    metadata
        .putArray("finalizers")
        .add(NAMESPACE.matcher(path).matches() ? NAMESPACE_FINALIZER : CRD_FINALIZER);
    ObjectNode status =
        marked.has("status") ? (ObjectNode) marked.get("status") : marked.putObject("status");
    if (NAMESPACE.matcher(path).matches()) {
      status.put("phase", "Terminating");
    } else {
      var conditions =
          status.has("conditions")
              ? (ArrayNode) status.get("conditions")
              : status.putArray("conditions");
      ObjectNode terminating = conditions.addObject();
      terminating.put("type", "Terminating");
      terminating.put("status", "True");
      terminating.put("reason", "InstanceDeletionInProgress");
      terminating.put("message", "CustomResource deletion is in progress");
      terminating.put("lastTransitionTime", now);
    }
    MockResponse response = send(HttpMethod.PUT, path, marked.toString());
    return Optional.of(response.code() == 200 ? response.setResponseCode(200) : response);
  }

  /**
   * One pass of the namespace controller, the CRD finalizer and the garbage collector; whether a
   * namespace or CRD is still terminating (more passes needed).
   */
  boolean collect() {
    boolean pending = false;
    List<CustomResourceDefinition> definitions = crds.get();
    List<JsonNode> namespaces = items("/api/v1/namespaces");
    for (JsonNode namespace : namespaces) {
      if (terminating(namespace)) {
        pending = true;
        String name = namespace.path("metadata").path("name").asText();
        long left = 0;
        for (String list : namespacedLists(definitions, name)) {
          left += deleteAll(list);
        }
        if (left == 0) {
          release("/api/v1/namespaces/" + name);
        }
      }
    }
    for (CustomResourceDefinition crd : definitions) {
      if (crd.getMetadata().getDeletionTimestamp() != null) {
        pending = true;
        String all =
            "/apis/"
                + crd.getSpec().getGroup()
                + "/"
                + served(crd)
                + "/"
                + crd.getSpec().getNames().getPlural();
        if (deleteAll(all) == 0) {
          release(EmbeddedKubernetesDispatcher.CRD_PATH + "/" + crd.getMetadata().getName());
        }
      }
    }
    collectGarbage(definitions, namespaces);
    return pending;
  }

  /** Removes the finalizers of an emptied namespace or CRD: the store then deletes it. */
  private void release(String path) {
    stored
        .apply(path)
        .map(Deletions::parse)
        .ifPresent(
            object -> {
              ((ObjectNode) object.get("metadata")).remove("finalizers");
              send(HttpMethod.PUT, path, object.toString());
            });
  }

  /** Deletes every object of a list not already being deleted; how many are left. */
  private long deleteAll(String listPath) {
    long left = 0;
    for (JsonNode item : items(listPath)) {
      left++;
      if (!terminating(item)) {
        send(HttpMethod.DELETE, itemPath(listPath, item), null);
      }
    }
    return left;
  }

  private void collectGarbage(
      List<CustomResourceDefinition> definitions, List<JsonNode> namespaces) {
    List<String> lists = new ArrayList<>();
    for (JsonNode namespace : namespaces) {
      lists.addAll(namespacedLists(definitions, namespace.path("metadata").path("name").asText()));
    }
    for (String list : lists) {
      for (JsonNode item : items(list)) {
        JsonNode owners = item.path("metadata").path("ownerReferences");
        if (!owners.isArray() || owners.isEmpty() || terminating(item)) {
          continue;
        }
        String namespace = item.path("metadata").path("namespace").asText();
        boolean anyOwnerLeft = false;
        for (JsonNode owner : owners) {
          anyOwnerLeft |= ownerExists(definitions, namespace, owner);
        }
        if (!anyOwnerLeft) {
          send(HttpMethod.DELETE, itemPath(list, item), null);
        }
      }
    }
  }

  private boolean ownerExists(
      List<CustomResourceDefinition> definitions, String namespace, JsonNode owner) {
    String kind = owner.path("kind").asText();
    String list =
        CORE.containsKey(kind)
            ? CORE.get(kind).formatted(namespace)
            : definitions.stream()
                .filter(c -> c.getSpec().getNames().getKind().equals(kind))
                .findFirst()
                .map(
                    c ->
                        "/apis/"
                            + c.getSpec().getGroup()
                            + "/"
                            + served(c)
                            + "/namespaces/"
                            + namespace
                            + "/"
                            + c.getSpec().getNames().getPlural())
                .orElse(null);
    if (list == null) {
      return true; // an owner of a kind this server does not know: keep the dependent
    }
    return stored
        .apply(list + "/" + owner.path("name").asText())
        .map(Deletions::parse)
        .filter(o -> o.path("metadata").path("uid").asText().equals(owner.path("uid").asText()))
        .isPresent();
  }

  private List<String> namespacedLists(
      List<CustomResourceDefinition> definitions, String namespace) {
    List<String> lists = new ArrayList<>();
    for (CustomResourceDefinition crd : definitions) {
      if ("Namespaced".equals(crd.getSpec().getScope())) {
        lists.add(
            "/apis/"
                + crd.getSpec().getGroup()
                + "/"
                + served(crd)
                + "/namespaces/"
                + namespace
                + "/"
                + crd.getSpec().getNames().getPlural());
      }
    }
    CORE.values().forEach(path -> lists.add(path.formatted(namespace)));
    return lists;
  }

  private static String served(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().stream()
        .filter(v -> Boolean.TRUE.equals(v.getStorage()))
        .findFirst()
        .orElse(crd.getSpec().getVersions().get(0))
        .getName();
  }

  private static String itemPath(String listPath, JsonNode item) {
    String namespace = item.path("metadata").path("namespace").asText("");
    String name = item.path("metadata").path("name").asText();
    if (listPath.contains("/namespaces/") || namespace.isEmpty()) {
      return listPath + "/" + name;
    }
    // a list across namespaces (/apis/g/v/plural): the item lives under its namespace
    int plural = listPath.lastIndexOf('/');
    return listPath.substring(0, plural)
        + "/namespaces/"
        + namespace
        + listPath.substring(plural)
        + "/"
        + name;
  }

  private static boolean terminating(JsonNode object) {
    return object.path("metadata").has("deletionTimestamp");
  }

  private List<JsonNode> items(String listPath) {
    List<JsonNode> items = new ArrayList<>();
    stored
        .apply(listPath)
        .map(Deletions::parse)
        .ifPresent(l -> l.path("items").forEach(items::add));
    return items;
  }

  private MockResponse send(HttpMethod method, String path, String body) {
    return store.apply(StoreAnswers.jsonRequest(method, path, body));
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) MAPPER.readTree(json);
    } catch (Exception e) {
      return MAPPER.createObjectNode();
    }
  }
}
