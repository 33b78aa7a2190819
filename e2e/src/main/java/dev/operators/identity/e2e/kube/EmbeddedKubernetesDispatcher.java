package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Fabric8's CRUD dispatcher plus what kubectl needs on top of it: {@code /version}, the discovery
 * documents, the OpenAPI v3 documents, {@code meta.k8s.io/v1 Table} answers for custom resources,
 * answers to access reviews, {@code 404} for OpenAPI v2, and a {@code Status} body on bare 404s.
 */
final class EmbeddedKubernetesDispatcher extends Dispatcher {

  static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  static final String KUBERNETES_MAJOR = "1";
  static final String KUBERNETES_MINOR = "32";

  private final KubernetesCrudDispatcher crud = new IndexedCrudDispatcher();
  private final StoredDefinitions definitions = new StoredDefinitions(crud);
  private final KubernetesAttributesExtractor paths = new KubernetesAttributesExtractor();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private final CustomResourceWrites customResources =
      new CustomResourceWrites(this::storedCrds, this::stored, this::store);
  private final CrdWrites crdWrites = new CrdWrites(this::stored, this::store);
  private final WebhookConfigurations webhookConfigurations =
      new WebhookConfigurations(this::stored, this::store);
  private final WebhookClient webhookClient;
  private final ValidatingWebhooks webhooks;
  private final EventQueries eventQueries = new EventQueries(this::stored);
  private final Deletions deletions;
  private final ListPages listPages;
  private final FixedDocuments fixedDocuments = new FixedDocuments(this::discovery, this::openApi);
  private final ObjectMapper mapper = new ObjectMapper();
  private final AccessReviews reviews = new AccessReviews(EmbeddedKubernetes.USER);
  private final MockWebServer webServer;
  private final Clock clock;
  private volatile Runnable onDelete = () -> {};

  EmbeddedKubernetesDispatcher(
      MockWebServer webServer, Clock clock, WebhookServiceResolver serviceResolver) {
    this.webServer = webServer;
    this.clock = clock;
    this.webhookClient = new WebhookClient(serviceResolver);
    this.webhooks =
        new ValidatingWebhooks(
            webhookConfigurations, this::storedCrds, this::stored, webhookClient);
    this.deletions = new Deletions(this::stored, this::store, this::storedCrds, clock);
    this.listPages = new ListPages(clock);
  }

  /** One pass of the namespace controller, the CRD finalizer and the garbage collector. */
  boolean collectDeletions() {
    return deletions.collect();
  }

  /** Called on every DELETE: the background controllers then run for a while. */
  void onDelete(Runnable wake) {
    this.onDelete = wake;
  }

  /** Stops the webhook client. */
  void close() {
    webhookClient.close();
  }

  void setServerAddress(String hostAndPort) {
    definitions.serverAddress(hostAndPort);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    drainRecordedRequests();
    String requestPath = request.getPath();
    int queryStart = requestPath.indexOf('?');
    String bare = queryStart < 0 ? requestPath : requestPath.substring(0, queryStart);
    if (AccessReviews.isReview(bare)) {
      if (request.method() != HttpMethod.POST) {
        return json(
            405,
            status(
                405,
                "MethodNotAllowed",
                "the server does not allow this method on the requested resource"));
      }
      // Evaluated, never stored; answered whatever the body's media type (kubectl auth can-i
      // sends protobuf).
      String body = request.getBody() == null ? null : request.getUtf8Body();
      return json(201, reviews.answer(bare, body).orElseThrow());
    }
    if (AccessReviews.isReviewObject(bare)) {
      return json(
          405,
          status(
              405,
              "MethodNotAllowed",
              "the server does not allow this method on the requested resource"));
    }
    String contentType = request.getHeader("Content-Type");
    if (contentType != null && contentType.startsWith(ProtobufBodies.MEDIA_TYPE)) {
      Optional<String> json =
          request.getBody() == null
              ? Optional.empty()
              : ProtobufBodies.toJson(request.getBody().getBytes());
      if (json.isPresent()) {
        request =
            new RecordedRequest(
                request.getHttpVersion(),
                request.method(),
                request.getPath(),
                Headers.builder().set("Content-Type", "application/json").build(),
                new Buffer(json.get().getBytes(StandardCharsets.UTF_8)));
        contentType = "application/json";
      }
    }
    if (contentType != null
        && !contentType.toLowerCase(Locale.ROOT).contains("json")
        && !contentType.toLowerCase(Locale.ROOT).contains("yaml")) {
      // a protobuf body of a kind not read here, or another media type
      return json(
          415,
          status(
              415,
              "UnsupportedMediaType",
              "the embedded Kubernetes API accepts JSON only, not "
                  + contentType
                  + " (protobuf only for Namespace, ConfigMap, Secret and ServiceAccount)"));
    }
    try {
      MockResponse response = dispatchJson(request);
      if (response != null && response.header("Content-Type") == null) {
        // The store leaves it out, and a client that sent protobuf would then read protobuf.
        response.setHeader("Content-Type", "application/json");
      }
      return response;
    } catch (RuntimeException e) {
      // An exception escaping the dispatcher leaves the request without any answer (the client
      // hangs): answer 500 instead.
      return json(500, status(500, "InternalError", String.valueOf(e)));
    }
  }

  private MockResponse dispatchJson(RecordedRequest request) {
    String fullPath = request.getPath();
    int queryAt = fullPath.indexOf('?');
    String path = queryAt < 0 ? fullPath : fullPath.substring(0, queryAt);
    Map<String, String> query =
        queryAt < 0 ? Map.of() : StoreAnswers.parseQuery(fullPath.substring(queryAt + 1));
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }

    if (query.containsKey("dryRun") && request.method() != HttpMethod.GET) {
      // The mock server would persist a dry run (kubectl diff, apply --dry-run=server): refuse it
      // rather than change what the user only wanted to preview.
      return json(
          400,
          status(
              400,
              "BadRequest",
              "the embedded Kubernetes API cannot dry-run a write (it would apply it): use"
                  + " --dry-run=client, and kubectl get to compare"));
    }
    Optional<MockResponse> noRoute =
        CustomResourceWrites.wrongScope(request.method(), path, storedCrds());
    if (noRoute.isPresent()) {
      return noRoute.get();
    }
    if (request.method() == HttpMethod.GET && FixedDocuments.isStreamedWatch(request, query)) {
      return FixedDocuments.refusedWatch();
    }
    if (request.method() == HttpMethod.GET) {
      MockResponse fixed = fixedDocuments.answer(path, request.getHeader("Accept"));
      if (fixed != null) {
        return fixed;
      }
      Optional<MockResponse> events =
          eventQueries.handle(path, query, request.getHeader("Accept"), clock.instant());
      if (events.isPresent()) {
        return events.get();
      }
      String accept = request.getHeader("Accept");
      if (accept != null
          && accept.contains("as=Table")
          && !"true".equals(query.get("watch"))
          && !"1".equals(query.get("watch"))) {
        MockResponse table = table(request, path, query);
        if (table != null) {
          return table;
        }
      }
      if (ListPages.continues(query)) {
        return listPages.next(query);
      }
    }
    String before = null;
    if (request.method() == HttpMethod.PATCH || request.method() == HttpMethod.PUT) {
      MockResponse current = crud.handleGet(path);
      before =
          current.code() == 200 && current.getBody() != null ? current.getBody().readUtf8() : null;
    }
    String target = path;
    if (request.method() == HttpMethod.DELETE) {
      onDelete.run();
    }
    String stored = before;
    WriteAdmission admission = new WriteAdmission(webhooks, this::discovery, request, path, query);
    Optional<MockResponse> deleteRefused = admission.ofDelete(this::stored);
    if (deleteRefused.isPresent()) {
      return admission.withWarnings(deleteRefused.get());
    }
    MockResponse response =
        deletions
            .handle(request, target)
            .or(() -> webhookConfigurations.handle(request, target))
            .or(() -> crdWrites.handle(request, target, admission))
            .or(() -> customResources.handle(request, target, query, admission))
            .orElseGet(
                () ->
                    admission.store(
                        withoutQueryIfWrite(CorePatches.prepare(request, stored), target),
                        stored,
                        this::store));
    if (before != null
        && response != null
        && response.code() / 100 == 2
        && (response.getBody() == null || response.getBody().size() == 0)) {
      // The update removed the last finalizer of an object marked for deletion: the mock answers
      // with an empty body (which kubectl cannot decode), the API server with the final object.
      response = StoreAnswers.finalObject(before, response.code());
    }
    if (response != null
        && response.code() == 404
        && (response.getBody() == null || response.getBody().size() == 0)) {
      response.setBody(StoreAnswers.notFound(path)).setHeader("Content-Type", "application/json");
    }
    if (response != null && response.code() == 409 && request.method() == HttpMethod.POST) {
      response = StoreAnswers.alreadyExists(response, paths.fromKubernetesPath(path));
    }
    if (response != null && request.method() == HttpMethod.GET && ListPages.limited(query)) {
      response = listPages.first(query, response);
    }
    return admission.withWarnings(response);
  }

  /**
   * The CRUD handlers recognise a status subresource with {@code path.endsWith("/status")}, so a
   * status update carrying a query ({@code ?fieldManager=kubectl-patch}) would silently update the
   * main resource instead (and keep the old status). The query parameters of writes (fieldManager,
   * fieldValidation, dryRun, pretty) mean nothing to the mock server, so writes go without them.
   */
  private static RecordedRequest withoutQueryIfWrite(RecordedRequest request, String path) {
    HttpMethod method = request.method();
    boolean write =
        method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    if (!write || request.getPath().indexOf('?') < 0) {
      return request;
    }
    return new RecordedRequest(
        request.getHttpVersion(), method, path, request.getHeaders(), request.getBody());
  }

  /** The stored object at {@code path}, as JSON. */
  private Optional<String> stored(String path) {
    return definitions.stored(path);
  }

  /** Every write to the store goes through here (see {@link StoredDefinitions#store}). */
  private MockResponse store(RecordedRequest request) {
    return definitions.store(request);
  }

  /** The store's custom resource definitions (see {@link StoredDefinitions}). */
  List<CustomResourceDefinition> storedCrds() {
    return definitions.crds();
  }

  /** The definitions as stored now, parsed afresh (callers may change them). */
  List<CustomResourceDefinition> readCrds() {
    return definitions.read();
  }

  DiscoveryDocuments discovery() {
    return definitions.discovery();
  }

  OpenApiDocuments openApi() {
    return new OpenApiDocuments(discovery());
  }

  /** A Table for a GET of a custom resource (list or one object); null to answer plain JSON. */
  private MockResponse table(RecordedRequest request, String path, Map<String, String> query) {
    Map<String, String> attributes = paths.fromKubernetesPath(path);
    String group = attributes.get(KubernetesAttributesExtractor.API);
    String version = attributes.get(KubernetesAttributesExtractor.VERSION);
    String plural = attributes.get(KubernetesAttributesExtractor.PLURAL);
    if (group == null || version == null || plural == null || path.endsWith("/status")) {
      return null;
    }
    Optional<CustomResourceDefinition> crd = discovery().crdFor(group, version, plural);
    if (crd.isEmpty()) {
      return null;
    }
    List<CustomResourceColumnDefinition> columns =
        crd.get().getSpec().getVersions().stream()
            .filter(v -> v.getName().equals(version))
            .findFirst()
            .map(CustomResourceDefinitionVersion::getAdditionalPrinterColumns)
            .orElse(List.of());
    MockResponse plain = store(request);
    if (plain == null || plain.code() != 200 || plain.getBody() == null) {
      return null == plain ? null : StoreAnswers.withNotFoundBody(plain, path);
    }
    try {
      JsonNode body = mapper.readTree(plain.getBody().readUtf8());
      JsonNode table =
          new PrinterTable(columns).toTable(body, query.get("includeObject"), clock.instant());
      return new MockResponse()
          .setResponseCode(200)
          .setHeader("Content-Type", "application/json;as=Table;v=v1;g=meta.k8s.io")
          .setBody(mapper.writeValueAsString(table));
    } catch (Exception e) {
      return null;
    }
  }

  static Object notFoundStatus(String message) {
    return status(404, "NotFound", message);
  }

  static Object status(int code, String reason, String message) {
    return new StatusBuilder()
        .withStatus("Failure")
        .withMessage(message)
        .withReason(reason)
        .withCode(code)
        .build();
  }

  private MockResponse json(int code, Object body) {
    return jsonResponse(code, body);
  }

  static MockResponse jsonResponse(int code, Object body) {
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(SERIALIZATION.asJson(body));
  }

  /**
   * MockWebServer keeps every request it receives in a queue for {@code takeRequest()}; nothing
   * here reads it, so it is emptied on each request to keep long local runs from growing it.
   */
  private void drainRecordedRequests() {
    try {
      while (webServer.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        // discard
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
