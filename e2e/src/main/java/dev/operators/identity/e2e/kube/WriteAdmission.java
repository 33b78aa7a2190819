package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jsonpatch.JsonPatchException;
import com.github.fge.jsonpatch.mergepatch.JsonMergePatch;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The validating admission of one request, at the point where a real API server runs it: after the
 * object was decoded, patched and (for custom resources) validated against its schema, before it is
 * stored; for a delete, before anything changes. Refusals are the webhooks' status; the webhooks'
 * warnings go out as {@code Warning: 299 - "..."} headers on whatever the request is answered with.
 */
final class WriteAdmission {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final ValidatingWebhooks webhooks;
  private final Supplier<DiscoveryDocuments> discovery;
  private final RecordedRequest request;
  private final Optional<ApiPath> path;
  private final Map<String, String> query;
  private final Set<String> warnings = new LinkedHashSet<>();

  WriteAdmission(
      ValidatingWebhooks webhooks,
      Supplier<DiscoveryDocuments> discovery,
      RecordedRequest request,
      String path,
      Map<String, String> query) {
    this.webhooks = webhooks;
    this.discovery = discovery;
    this.request = request;
    this.path = ApiPath.parse(path);
    this.query = query;
  }

  /** Admits a create ({@code old} null) or update to {@code object}; a refusal, or empty. */
  Optional<MockResponse> check(ObjectNode object, ObjectNode old) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    String operation = old == null ? "CREATE" : "UPDATE";
    String name =
        path.get().name().isEmpty()
            ? object.path("metadata").path("name").asText("")
            : path.get().name();
    return admit(operation, name, object, old, AdmissionReviews.options(operation, query, null));
  }

  /** Admits a DELETE of a stored object (nothing to admit when it is not there). */
  Optional<MockResponse> ofDelete(Function<String, Optional<String>> stored) {
    if (request.method() != HttpMethod.DELETE
        || path.isEmpty()
        || path.get().name().isEmpty()
        || !path.get().subresource().isEmpty()) {
      return Optional.empty();
    }
    String objectPath = request.getPath().replaceFirst("\\?.*$", "");
    Optional<String> current = stored.apply(objectPath);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    JsonNode body = null;
    try {
      String text = request.getBody() == null ? "" : bodyOf(request);
      body = text.isBlank() ? null : MAPPER.readTree(text);
    } catch (Exception e) {
      // DeleteOptions that do not parse: the store refuses or ignores them
    }
    ObjectNode old = CustomResourceWrites.parse(current.get());
    return admit(
        "DELETE", path.get().name(), null, old, AdmissionReviews.options("DELETE", query, body));
  }

  /**
   * Admits a write the mock store carries out (built-in kinds), then stores it: {@code write} is
   * the whole object (a merge or JSON patch already applied), except for a strategic merge patch,
   * which the webhook sees applied to {@code before} as a JSON merge patch.
   */
  MockResponse store(
      RecordedRequest write, String before, Function<RecordedRequest, MockResponse> store) {
    HttpMethod method = write.method();
    if (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH) {
      try {
        ObjectNode old = before == null ? null : CustomResourceWrites.parse(before);
        ObjectNode object =
            method == HttpMethod.PATCH && old != null
                ? mergePatch(old, CustomResourceWrites.parse(bodyOf(write)))
                : CustomResourceWrites.parse(bodyOf(write));
        if (method == HttpMethod.POST || old != null) {
          Optional<MockResponse> refused = check(object, method == HttpMethod.POST ? null : old);
          if (refused.isPresent()) {
            return refused.get();
          }
        }
      } catch (CustomResourceWrites.Refused notAnObject) {
        // the store answers a body it cannot read
      }
    }
    return store.apply(write);
  }

  /** {@code response} with the webhooks' warnings. */
  MockResponse withWarnings(MockResponse response) {
    if (response != null) {
      warnings.forEach(w -> response.addHeader("Warning", "299 - " + quoted(w)));
    }
    return response;
  }

  private Optional<MockResponse> admit(
      String operation,
      String name,
      ObjectNode object,
      ObjectNode old,
      Map<String, Object> options) {
    ApiPath at = path.get();
    JsonNode any = object != null ? object : old;
    String kind =
        discovery.get().resources(at.group(), at.version()).stream()
            .flatMap(list -> list.getResources().stream())
            .filter(r -> r.getName().equals(at.resource()))
            .map(APIResource::getKind)
            .findFirst()
            .orElse(any == null ? "" : any.path("kind").asText(""));
    WebhookRequest.Attributes attributes =
        new WebhookRequest.Attributes(operation, at, kind, name, object, old, options);
    ValidatingWebhooks.Verdict verdict = webhooks.admit(attributes);
    warnings.addAll(verdict.warnings());
    return verdict
        .refusal()
        .map(status -> EmbeddedKubernetesDispatcher.jsonResponse(status.getCode(), status));
  }

  private static ObjectNode mergePatch(ObjectNode target, ObjectNode patch) {
    try {
      JsonNode merged = JsonMergePatch.fromJson(patch).apply(target);
      return merged instanceof ObjectNode object ? object : target;
    } catch (JsonPatchException e) {
      return target;
    }
  }

  /** The body, left for the store to read (reading it through the request empties it). */
  private static String bodyOf(RecordedRequest request) {
    return request.getBody() == null
        ? ""
        : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  /** An RFC 7230 quoted-string, as the API server's warning recorder writes it. */
  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
