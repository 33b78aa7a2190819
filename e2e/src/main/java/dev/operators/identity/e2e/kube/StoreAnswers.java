package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The mock store's answers, made the API server's where they differ. */
final class StoreAnswers {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StoreAnswers() {}

  private static final Pattern MOCK_ALREADY_EXISTS = Pattern.compile(".*'(.+)' already exists.*");

  /**
   * The mock answers a create of an existing object with reason {@code Invalid} (kubectl then says
   * "is invalid"); the API server with {@code AlreadyExists} and {@code <resource> "<name>" already
   * exists}.
   */
  static MockResponse alreadyExists(MockResponse response, Map<String, String> attributes) {
    if (response.getBody() == null) {
      return response;
    }
    String body = response.getBody().readUtf8();
    try {
      JsonNode status = MAPPER.readTree(body);
      Matcher matcher = MOCK_ALREADY_EXISTS.matcher(status.path("message").asText());
      if (matcher.matches()) {
        String plural = attributes.get(KubernetesAttributesExtractor.PLURAL);
        String group = attributes.get(KubernetesAttributesExtractor.API);
        String name = matcher.group(1);
        String resource = group == null ? plural : plural + "." + group;
        return EmbeddedKubernetesDispatcher.jsonResponse(
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
   * The update removed the last finalizer of an object marked for deletion: the mock answers with
   * an empty body (which kubectl cannot decode), the API server with the final object.
   */
  static MockResponse finalObject(String before, int code) {
    try {
      JsonNode object = MAPPER.readTree(before);
      if (object.path("metadata") instanceof ObjectNode meta) {
        meta.remove("finalizers");
      }
      return new MockResponse()
          .setResponseCode(code == 202 ? 200 : code)
          .setHeader("Content-Type", "application/json")
          .setBody(MAPPER.writeValueAsString(object));
    } catch (Exception e) {
      return new MockResponse().setResponseCode(code);
    }
  }

  /** The API server's 422: {@code <Kind>.<group> "<name>" is invalid: [field: message, ...]}. */
  static Status invalid(String kind, String group, String name, List<StatusCause> causes) {
    String list =
        causes.stream()
            .map(c -> c.getField() + ": " + c.getMessage())
            .collect(Collectors.joining(", "));
    return new StatusBuilder()
        .withStatus("Failure")
        .withMessage(
            kind
                + "."
                + group
                + " \""
                + name
                + "\" is invalid: "
                + (causes.size() == 1 ? list : "[" + list + "]"))
        .withReason("Invalid")
        .withCode(422)
        .withNewDetails()
        .withName(name)
        .withGroup(group)
        .withKind(kind)
        .withCauses(causes)
        .endDetails()
        .build();
  }

  /** A JSON request to hand to the store. */
  static RecordedRequest jsonRequest(HttpMethod method, String path, String body) {
    return new RecordedRequest(
        "HTTP/1.1",
        method,
        path,
        Headers.builder().set("Content-Type", "application/json").build(),
        new Buffer(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
  }

  private static final KubernetesAttributesExtractor PATHS = new KubernetesAttributesExtractor();

  /** A bare 404 from the store, with the API server's NotFound Status as its body. */
  static MockResponse withNotFoundBody(MockResponse response, String path) {
    if (response.code() == 404 && (response.getBody() == null || response.getBody().size() == 0)) {
      response.setBody(notFound(path)).setHeader("Content-Type", "application/json");
    }
    return response;
  }

  /** The API server's NotFound for {@code path}: {@code <resource> "<name>" not found}. */
  static String notFound(String path) {
    Map<String, String> attributes = PATHS.fromKubernetesPath(path);
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
    try {
      return MAPPER.writeValueAsString(status.build());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A URL query as parameters (the first value of each). */
  static Map<String, String> parseQuery(String query) {
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
}
