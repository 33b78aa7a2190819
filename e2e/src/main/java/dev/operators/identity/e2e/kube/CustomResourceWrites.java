package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.fge.jsonpatch.JsonPatch;
import com.github.fge.jsonpatch.JsonPatchException;
import com.github.fge.jsonpatch.mergepatch.JsonMergePatch;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Custom resource writes as a real API server handles them, in front of the mock server's store:
 * patches applied here (JSON merge patch per RFC 7386, JSON patch per RFC 6902; strategic merge
 * patch and server-side apply refused with 415 as for a server without them), then the result
 * admitted by {@link SchemaAdmission} (pruned, defaulted, validated: 422 Invalid with every cause;
 * unknown fields refused under {@code fieldValidation=Strict}, kubectl's default, else pruned with
 * a warning), and stored by the mock server as a whole object. A write to the main resource keeps
 * the stored status; a write to {@code /status} keeps everything else.
 */
final class CustomResourceWrites {

  /** Reads YAML bodies (kubectl sends JSON; a hand-made request may send YAML). */
  private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

  /**
   * Reads JSON as JSON: YAML refuses characters that JSON strings may hold (DEL, NEL, C1 controls),
   * so a stored object holding one made every later write of its kind a 400.
   */
  private static final ObjectMapper JSON_MAPPER = new ObjectMapper();

  private static final Pattern PATH =
      Pattern.compile(
          "^/apis/([^/]+)/([^/]+)(?:/namespaces/([^/]+))?/([^/]+)(?:/([^/]+))?(/status)?$");
  static final String ACCEPTED_PATCHES =
      "application/json-patch+json, application/merge-patch+json";

  private final Supplier<List<CustomResourceDefinition>> crds;
  private final Function<String, Optional<String>> stored;
  private final Function<RecordedRequest, MockResponse> store;
  private final SchemaAdmission admission = new SchemaAdmission();

  CustomResourceWrites(
      Supplier<List<CustomResourceDefinition>> crds,
      Function<String, Optional<String>> stored,
      Function<RecordedRequest, MockResponse> store) {
    this.crds = crds;
    this.stored = stored;
    this.store = store;
  }

  /** Handles a write to a custom resource; empty for every other request. */
  Optional<MockResponse> handle(
      RecordedRequest request, String path, Map<String, String> query, WriteAdmission webhooks) {
    HttpMethod method = request.method();
    if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH) {
      return Optional.empty();
    }
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    String group = m.group(1);
    String version = m.group(2);
    String plural = m.group(4);
    String name = m.group(5);
    boolean status = m.group(6) != null;
    Optional<CustomResourceDefinition> crd =
        crds.get().stream()
            .filter(c -> c.getSpec().getGroup().equals(group))
            .filter(c -> c.getSpec().getNames().getPlural().equals(plural))
            .findFirst();
    if (crd.isEmpty() || (method == HttpMethod.POST) != (name == null)) {
      return Optional.empty();
    }
    Optional<JSONSchemaProps> schema = schemaOf(crd.get(), version);
    if (schema.isEmpty()) {
      return Optional.empty();
    }
    String objectPath = status ? path.substring(0, path.length() - "/status".length()) : path;
    try {
      return Optional.of(
          write(request, crd.get(), version, schema.get(), objectPath, status, query, webhooks));
    } catch (Refused refused) {
      return Optional.of(refused.response);
    }
  }

  private MockResponse write(
      RecordedRequest request,
      CustomResourceDefinition crd,
      String version,
      JSONSchemaProps schema,
      String objectPath,
      boolean statusWrite,
      Map<String, String> query,
      WriteAdmission webhooks) {
    String kind = crd.getSpec().getNames().getKind();
    // A create has no old object (what is stored at the collection's path is the list).
    ObjectNode current =
        request.method() == HttpMethod.POST
            ? null
            : stored.apply(objectPath).map(CustomResourceWrites::parse).orElse(null);
    ObjectNode written;
    if (request.method() == HttpMethod.PATCH) {
      if (current == null) {
        return EmbeddedKubernetesDispatcher.jsonResponse(404, notFound(crd, objectPath));
      }
      written = patch(request, current);
    } else {
      written = parse(request.getUtf8Body());
    }
    ObjectNode candidate = merge(written, current, statusWrite);
    SchemaAdmission.Admitted admitted = admission.admit(schema, candidate, current);
    boolean strict = "Strict".equalsIgnoreCase(query.getOrDefault("fieldValidation", ""));
    if (strict && !admitted.unknownFields().isEmpty()) {
      String fields =
          admitted.unknownFields().stream()
              .map(f -> "unknown field \"" + f + "\"")
              .collect(Collectors.joining(", "));
      return EmbeddedKubernetesDispatcher.jsonResponse(
          400,
          failure(
              400,
              "BadRequest",
              kind
                  + " in version \""
                  + version
                  + "\" cannot be handled as a "
                  + kind
                  + ": strict decoding error: "
                  + fields,
              null));
    }
    if (!admitted.causes().isEmpty()) {
      return EmbeddedKubernetesDispatcher.jsonResponse(422, invalid(crd, admitted));
    }
    Optional<MockResponse> refused = webhooks.check(admitted.object(), current);
    if (refused.isPresent()) {
      return refused.get();
    }
    HttpMethod method = request.method() == HttpMethod.POST ? HttpMethod.POST : HttpMethod.PUT;
    String target = request.method() == HttpMethod.POST ? collectionOf(request) : objectPath;
    if (statusWrite) {
      target = objectPath + "/status";
    }
    MockResponse response =
        store.apply(StoreAnswers.jsonRequest(method, target, admitted.object().toString()));
    boolean ignore = "Ignore".equalsIgnoreCase(query.getOrDefault("fieldValidation", ""));
    if (!ignore && !admitted.unknownFields().isEmpty() && response != null) {
      admitted
          .unknownFields()
          .forEach(f -> response.addHeader("Warning", "299 - \"unknown field \\\"" + f + "\\\"\""));
    }
    return response;
  }

  /**
   * A request for a custom resource on a route its scope does not have, answered as the API server
   * answers it: a namespaced path of a cluster-scoped kind and a cluster path to one object of a
   * namespaced kind do not exist (404); the all-namespaces collection of a namespaced kind can only
   * be read (405 for anything else). Empty for every other request.
   */
  static Optional<MockResponse> wrongScope(
      HttpMethod method, String path, List<CustomResourceDefinition> crds) {
    Optional<ApiPath> target = ApiPath.parse(path);
    if (target.isEmpty() || target.get().group().isEmpty()) {
      return Optional.empty();
    }
    ApiPath at = target.get();
    Optional<CustomResourceDefinition> crd =
        crds.stream()
            .filter(c -> c.getSpec().getGroup().equals(at.group()))
            .filter(c -> c.getSpec().getNames().getPlural().equals(at.resource()))
            .findFirst();
    if (crd.isEmpty()) {
      return Optional.empty();
    }
    boolean namespaced = "Namespaced".equals(crd.get().getSpec().getScope());
    if (namespaced == !at.namespace().isEmpty()) {
      return Optional.empty();
    }
    if (namespaced && at.name().isEmpty()) {
      return method == HttpMethod.GET
          ? Optional.empty()
          : Optional.of(
              EmbeddedKubernetesDispatcher.jsonResponse(
                  405,
                  failure(
                      405,
                      "MethodNotAllowed",
                      "the server does not allow this method on the requested resource",
                      null)));
    }
    return Optional.of(
        EmbeddedKubernetesDispatcher.jsonResponse(
            404,
            failure(404, "NotFound", "the server could not find the requested resource", null)));
  }

  /**
   * The object the write describes: for the main resource, what was written with the stored status
   * (status goes through /status only); for /status, the stored object with the written status.
   */
  private static ObjectNode merge(ObjectNode written, ObjectNode current, boolean statusWrite) {
    if (current == null) {
      written.remove("status");
      return written;
    }
    ObjectNode result;
    if (statusWrite) {
      result = current.deepCopy();
      if (written.has("status")) {
        result.set("status", written.get("status"));
      } else {
        result.remove("status");
      }
      if (written.path("metadata").has("resourceVersion")) {
        ((ObjectNode) result.get("metadata"))
            .set("resourceVersion", written.path("metadata").get("resourceVersion"));
      }
    } else {
      result = written;
      if (current.has("status")) {
        result.set("status", current.get("status"));
      } else {
        result.remove("status");
      }
    }
    return result;
  }

  /** Applies a PATCH request to {@code current} (RFC 7386 or RFC 6902; others refused 415). */
  static ObjectNode patch(RecordedRequest request, ObjectNode current) {
    String type = String.valueOf(request.getHeader("Content-Type")).toLowerCase(Locale.ROOT);
    JsonNode body = parseAny(request.getUtf8Body());
    try {
      JsonNode result;
      if (type.startsWith("application/merge-patch+json")) {
        result = JsonMergePatch.fromJson(body).apply(current);
      } else if (type.startsWith("application/json-patch+json")) {
        result = JsonPatch.fromJson(body).apply(current);
      } else {
        throw new Refused(
            EmbeddedKubernetesDispatcher.jsonResponse(
                415,
                failure(
                    415,
                    "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types"
                        + " include: "
                        + ACCEPTED_PATCHES,
                    null)));
      }
      if (!(result instanceof ObjectNode object)) {
        throw badRequest("the patch does not leave an object");
      }
      return object;
    } catch (IOException | JsonPatchException e) {
      throw badRequest(e.getMessage());
    }
  }

  private static Optional<JSONSchemaProps> schemaOf(CustomResourceDefinition crd, String version) {
    return crd.getSpec().getVersions().stream()
        .filter(v -> v.getName().equals(version))
        .map(CustomResourceDefinitionVersion::getSchema)
        .filter(s -> s != null && s.getOpenAPIV3Schema() != null)
        .map(s -> s.getOpenAPIV3Schema())
        .findFirst();
  }

  private static String collectionOf(RecordedRequest request) {
    String path = request.getPath();
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  private static Status invalid(CustomResourceDefinition crd, SchemaAdmission.Admitted admitted) {
    return StoreAnswers.invalid(
        crd.getSpec().getNames().getKind(),
        crd.getSpec().getGroup(),
        admitted.object().path("metadata").path("name").asText(),
        admitted.causes());
  }

  private static Status notFound(CustomResourceDefinition crd, String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return failure(
        404,
        "NotFound",
        crd.getSpec().getNames().getPlural()
            + "."
            + crd.getSpec().getGroup()
            + " \""
            + name
            + "\" not found",
        name);
  }

  static Status failure(int code, String reason, String message, String name) {
    StatusBuilder status =
        new StatusBuilder()
            .withStatus("Failure")
            .withMessage(message)
            .withReason(reason)
            .withCode(code);
    if (name != null) {
      status.withNewDetails().withName(name).endDetails();
    }
    return status.build();
  }

  private static Refused badRequest(String message) {
    return new Refused(
        EmbeddedKubernetesDispatcher.jsonResponse(400, failure(400, "BadRequest", message, null)));
  }

  static ObjectNode parse(String json) {
    JsonNode node = parseAny(json);
    if (!(node instanceof ObjectNode object)) {
      throw badRequest("the request body is not a JSON object");
    }
    return object;
  }

  private static JsonNode parseAny(String json) {
    try {
      String start = json.stripLeading();
      return start.startsWith("{") || start.startsWith("[")
          ? JSON_MAPPER.readTree(json)
          : MAPPER.readTree(json);
    } catch (IOException e) {
      throw badRequest("the request body is not JSON: " + e.getMessage());
    }
  }

  /** A refusal carried out of a nested step. */
  static final class Refused extends RuntimeException {
    final transient MockResponse response;

    Refused(MockResponse response) {
      super(null, null, false, false);
      this.response = response;
    }
  }
}
