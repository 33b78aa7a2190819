package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A PATCH of a built-in resource (a ConfigMap, a ServiceAccount) as the API server applies it: RFC
 * 7386 merge patch, where a null member removes the field (the mock server's own merge would store
 * the null), or RFC 6902 JSON patch; then stored as an update of the whole object. Other patch
 * types (strategic merge) are left to the mock server.
 */
final class CorePatches {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CorePatches() {}

  /**
   * The request as the store is to carry it out: {@link #asUpdate}, and a Namespace written with
   * the label {@code kubernetes.io/metadata.name} set to its name, which the API server sets on
   * every Namespace (and puts back when a write removes or changes it).
   */
  static RecordedRequest prepare(RecordedRequest request, String current) {
    RecordedRequest update = asUpdate(request, current);
    String path = update.getPath().replaceFirst("\\?.*$", "");
    boolean namespaceWrite =
        (update.method() == HttpMethod.POST && path.equals("/api/v1/namespaces"))
            || (update.method() == HttpMethod.PUT && path.matches("/api/v1/namespaces/[^/]+"));
    if (!namespaceWrite || update.getBody() == null) {
      return update;
    }
    ObjectNode namespace;
    try {
      namespace = (ObjectNode) JSON.readTree(update.getBody().getBytes());
    } catch (IOException | ClassCastException e) {
      return update; // the store answers a body it cannot read
    }
    String name = namespace.path("metadata").path("name").asText("");
    if (name.isEmpty() || !(namespace.get("metadata") instanceof ObjectNode metadata)) {
      return update;
    }
    ObjectNode labels =
        metadata.get("labels") instanceof ObjectNode existing
            ? existing
            : metadata.putObject("labels");
    labels.put("kubernetes.io/metadata.name", name);
    Buffer body = new Buffer();
    body.write(namespace.toString().getBytes(StandardCharsets.UTF_8));
    return new RecordedRequest(
        update.getHttpVersion(), update.method(), update.getPath(), update.getHeaders(), body);
  }

  /** The request as an update of {@code current}, or the request itself when not such a patch. */
  static RecordedRequest asUpdate(RecordedRequest request, String current) {
    String type = String.valueOf(request.getHeader("Content-Type")).toLowerCase(Locale.ROOT);
    boolean rfcPatch =
        type.startsWith("application/merge-patch+json")
            || type.startsWith("application/json-patch+json");
    if (request.method() != HttpMethod.PATCH || current == null || !rfcPatch) {
      return request;
    }
    ObjectNode stored;
    try {
      stored = (ObjectNode) JSON.readTree(current);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode patched = CustomResourceWrites.patch(request, stored);
    Buffer body = new Buffer();
    body.write(patched.toString().getBytes(StandardCharsets.UTF_8));
    return new RecordedRequest(
        request.getHttpVersion(), HttpMethod.PUT, request.getPath(), request.getHeaders(), body);
  }
}
