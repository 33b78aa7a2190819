package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.RootPathsBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fabric8's CRUD dispatcher plus what kubectl needs on top of it: {@code /version}, the discovery
 * documents, the OpenAPI v3 documents, {@code meta.k8s.io/v1 Table} answers for custom resources,
 * answers to access reviews, {@code 404} for OpenAPI v2, and a {@code Status} body on bare 404s.
 */
final class EmbeddedKubernetesDispatcher extends Dispatcher {

  static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  static final String KUBERNETES_MAJOR = "1";
  static final String KUBERNETES_MINOR = "32";

  private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
  private final KubernetesAttributesExtractor paths = new KubernetesAttributesExtractor();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private final KubernetesSerialization serialization = SERIALIZATION;
  private final CustomResourceWrites customResources =
      new CustomResourceWrites(this::storedCrds, this::stored, crud::dispatch);
  private final CrdWrites crdWrites = new CrdWrites(this::stored, crud::dispatch);
  private final EventQueries eventQueries = new EventQueries(this::stored);
  private final ObjectMapper mapper = new ObjectMapper();
  private final AccessReviews reviews = new AccessReviews(EmbeddedKubernetes.USER);
  private final MockWebServer webServer;
  private final Clock clock;
  private volatile String serverAddress = "127.0.0.1";

  EmbeddedKubernetesDispatcher(MockWebServer webServer, Clock clock) {
    this.webServer = webServer;
    this.clock = clock;
  }

  void setServerAddress(String hostAndPort) {
    this.serverAddress = hostAndPort;
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
    if (contentType != null
        && !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")
        && !contentType.toLowerCase(java.util.Locale.ROOT).contains("yaml")) {
      // kubectl's generators (create namespace/configmap/secret NAME) send protobuf.
      return json(
          415,
          status(
              415,
              "UnsupportedMediaType",
              "the embedded Kubernetes API accepts JSON only, not "
                  + contentType
                  + " (use kubectl apply/create -f FILE instead of a kubectl create generator)"));
    }
    try {
      return dispatchJson(request);
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
        queryAt < 0 ? Map.of() : parseQuery(fullPath.substring(queryAt + 1));
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
    if (request.method() == HttpMethod.GET) {
      MockResponse fixed = fixedDocument(path, request.getHeader("Accept"));
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
    }
    String before = null;
    if (request.method() == HttpMethod.PATCH || request.method() == HttpMethod.PUT) {
      MockResponse current = crud.handleGet(path);
      before =
          current.code() == 200 && current.getBody() != null ? current.getBody().readUtf8() : null;
    }
    String target = path;
    MockResponse response =
        crdWrites
            .handle(request, target)
            .or(() -> customResources.handle(request, target, query))
            .orElseGet(() -> crud.dispatch(withoutQueryIfWrite(request, target)));
    if (before != null
        && response != null
        && response.code() / 100 == 2
        && (response.getBody() == null || response.getBody().size() == 0)) {
      // The update removed the last finalizer of an object marked for deletion: the mock answers
      // with an empty body (which kubectl cannot decode), the API server with the final object.
      response = finalObject(before, response.code());
    }
    if (response != null
        && response.code() == 404
        && (response.getBody() == null || response.getBody().size() == 0)) {
      response.setBody(notFound(path)).setHeader("Content-Type", "application/json");
    }
    if (response != null && response.code() == 409 && request.method() == HttpMethod.POST) {
      response = alreadyExists(response, path);
    }
    return response;
  }

  private static final Pattern MOCK_ALREADY_EXISTS = Pattern.compile(".*'(.+)' already exists.*");

  /**
   * The mock answers a create of an existing object with reason {@code Invalid} (kubectl then says
   * "is invalid"); the API server with {@code AlreadyExists} and {@code <resource> "<name>" already
   * exists}.
   */
  private MockResponse alreadyExists(MockResponse response, String path) {
    if (response.getBody() == null) {
      return response;
    }
    String body = response.getBody().readUtf8();
    try {
      JsonNode status = mapper.readTree(body);
      Matcher matcher = MOCK_ALREADY_EXISTS.matcher(status.path("message").asText());
      if (matcher.matches()) {
        Map<String, String> attributes = paths.fromKubernetesPath(path);
        String plural = attributes.get(KubernetesAttributesExtractor.PLURAL);
        String group = attributes.get(KubernetesAttributesExtractor.API);
        String name = matcher.group(1);
        String resource = group == null ? plural : plural + "." + group;
        return json(
            409,
            new StatusBuilder()
                .withStatus("Failure")
                .withMessage(resource + " \"" + name + "\" already exists")
                .withReason("AlreadyExists")
                .withCode(409)
                .withNewDetails()
                .withName(name)
                .withGroup(group)
                .withKind(plural)
                .endDetails()
                .build());
      }
    } catch (Exception e) {
      // not a Status: pass it on
    }
    return response.setBody(body);
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

  private MockResponse finalObject(String before, int code) {
    try {
      JsonNode object = mapper.readTree(before);
      if (object.path("metadata") instanceof com.fasterxml.jackson.databind.node.ObjectNode meta) {
        meta.remove("finalizers");
      }
      return new MockResponse()
          .setResponseCode(code == 202 ? 200 : code)
          .setHeader("Content-Type", "application/json")
          .setBody(mapper.writeValueAsString(object));
    } catch (Exception e) {
      return new MockResponse().setResponseCode(code);
    }
  }

  /** The stored object at {@code path}, as JSON. */
  private Optional<String> stored(String path) {
    MockResponse current = crud.handleGet(path);
    return current.code() == 200 && current.getBody() != null
        ? Optional.of(current.getBody().readUtf8())
        : Optional.empty();
  }

  /** The store's custom resource definitions, as persisted in the CRUD map. */
  List<CustomResourceDefinition> storedCrds() {
    MockResponse list = crud.handleGet(CRD_PATH);
    if (list.code() != 200 || list.getBody() == null) {
      return List.of();
    }
    CustomResourceDefinitionList crds =
        serialization.unmarshal(list.getBody().readUtf8(), CustomResourceDefinitionList.class);
    return crds.getItems() == null ? List.of() : crds.getItems();
  }

  DiscoveryDocuments discovery() {
    return new DiscoveryDocuments(storedCrds(), serverAddress);
  }

  OpenApiDocuments openApi() {
    return new OpenApiDocuments(discovery());
  }

  private MockResponse fixedDocument(String path, String accept) {
    if (path.equals("/version")) {
      Map<String, String> version = new LinkedHashMap<>();
      version.put("major", KUBERNETES_MAJOR);
      version.put("minor", KUBERNETES_MINOR);
      version.put("gitVersion", "v" + KUBERNETES_MAJOR + "." + KUBERNETES_MINOR + ".0-embedded");
      version.put("gitCommit", "0000000000000000000000000000000000000000");
      version.put("gitTreeState", "clean");
      version.put("buildDate", "2025-01-01T00:00:00Z");
      version.put("goVersion", "java" + Runtime.version().feature());
      version.put("compiler", "fabric8-mock");
      version.put("platform", "linux/amd64");
      return json(200, version);
    }
    if (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz")) {
      return new MockResponse()
          .setResponseCode(200)
          .setHeader("Content-Type", "text/plain")
          .setBody("ok");
    }
    if (path.equals("/openapi/v3") || path.startsWith("/openapi/v3/")) {
      return openApiV3(path, accept);
    }
    if (path.equals("/openapi") || path.startsWith("/openapi/") || path.startsWith("/swagger")) {
      // No OpenAPI v2 (kubectl asks for it as protobuf only): kubectl uses v3 or falls back.
      return json(404, notFoundStatus("the server could not find the requested resource"));
    }
    if (path.equals("/") || path.isEmpty()) {
      List<String> roots = new ArrayList<>(List.of("/api", "/api/v1", "/apis", "/version"));
      DiscoveryDocuments discovery = discovery();
      discovery
          .groups()
          .getGroups()
          .forEach(
              g -> {
                roots.add("/apis/" + g.getName());
                g.getVersions().forEach(v -> roots.add("/apis/" + v.getGroupVersion()));
              });
      return json(200, new RootPathsBuilder().withPaths(roots).build());
    }
    if (path.equals("/api")) {
      return json(200, discovery().coreVersions());
    }
    if (path.equals("/api/v1")) {
      return json(200, discovery().resources("", "v1").orElseThrow());
    }
    if (path.equals("/apis")) {
      return json(200, discovery().groups());
    }
    String[] segments = path.split("/");
    if (segments.length == 3 && segments[1].equals("apis")) {
      return discovery()
          .group(segments[2])
          .map(g -> json(200, g))
          .orElseGet(
              () -> json(404, notFoundStatus("the server could not find the requested resource")));
    }
    if (segments.length == 4 && segments[1].equals("apis")) {
      return discovery()
          .resources(segments[2], segments[3])
          .map(list -> json(200, list))
          .orElseGet(
              () -> json(404, notFoundStatus("the server could not find the requested resource")));
    }
    return null;
  }

  /**
   * {@code GET /openapi/v3} and {@code /openapi/v3/api/v1}, {@code /openapi/v3/apis/{g}/{v}}, as
   * JSON only (the API server also offers protobuf; clients that ask for JSON get it). The {@code
   * hash} query parameter is not checked: the current document is always served, uncached.
   */
  private MockResponse openApiV3(String path, String accept) {
    if (accept != null && !acceptsJson(accept)) {
      return json(
          406,
          status(
              406,
              "NotAcceptable",
              "the embedded Kubernetes API serves OpenAPI v3 as application/json only"));
    }
    OpenApiDocuments openApi = openApi();
    JsonNode document;
    if (path.equals("/openapi/v3")) {
      document = openApi.root();
    } else {
      Optional<ObjectNode> found =
          OpenApiDocuments.parseKey(path.substring("/openapi/v3/".length()))
              .flatMap(gv -> openApi.document(gv.group(), gv.version()));
      if (found.isEmpty()) {
        return json(404, notFoundStatus("the server could not find the requested resource"));
      }
      document = found.get();
    }
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setHeader("Cache-Control", "no-cache, private")
        .setBody(new String(openApi.bytes(document), StandardCharsets.UTF_8));
  }

  private static boolean acceptsJson(String accept) {
    String lower = accept.toLowerCase(java.util.Locale.ROOT);
    return lower.isBlank() || lower.contains("json") || lower.contains("*/*");
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
    MockResponse plain = crud.dispatch(request);
    if (plain == null || plain.code() != 200 || plain.getBody() == null) {
      return null == plain ? null : withNotFoundBody(plain, path);
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

  private MockResponse withNotFoundBody(MockResponse response, String path) {
    if (response.code() == 404 && (response.getBody() == null || response.getBody().size() == 0)) {
      response.setBody(notFound(path)).setHeader("Content-Type", "application/json");
    }
    return response;
  }

  private String notFound(String path) {
    Map<String, String> attributes = paths.fromKubernetesPath(path);
    String plural = attributes.get(KubernetesAttributesExtractor.PLURAL);
    String name = attributes.get(KubernetesAttributesExtractor.NAME);
    String group = attributes.get(KubernetesAttributesExtractor.API);
    String resource = plural == null ? null : group == null ? plural : plural + "." + group;
    String message =
        resource != null && name != null
            ? resource + " \"" + name + "\" not found"
            : "the server could not find the requested resource";
    StatusBuilder status =
        new StatusBuilder()
            .withStatus("Failure")
            .withMessage(message)
            .withReason("NotFound")
            .withCode(404);
    if (resource != null && name != null) {
      status.withNewDetails().withName(name).withGroup(group).withKind(plural).endDetails();
    }
    return serialization.asJson(status.build());
  }

  private static Object notFoundStatus(String message) {
    return status(404, "NotFound", message);
  }

  private static Object status(int code, String reason, String message) {
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

  private static Map<String, String> parseQuery(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.putIfAbsent(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
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
