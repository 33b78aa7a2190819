package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.RootPathsBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The documents an API server serves at fixed paths: {@code /version}, the health endpoints, the
 * root paths, the discovery documents and the OpenAPI v3 documents ({@code 404} for v2).
 */
final class FixedDocuments {

  private final Supplier<DiscoveryDocuments> discovery;
  private final Supplier<OpenApiDocuments> openApi;

  FixedDocuments(Supplier<DiscoveryDocuments> discovery, Supplier<OpenApiDocuments> openApi) {
    this.discovery = discovery;
    this.openApi = openApi;
  }

  /** The document at {@code path}, or null when the path is not one of them. */
  MockResponse answer(String path, String accept) {
    if (path.equals("/version")) {
      Map<String, String> version = new LinkedHashMap<>();
      version.put("major", EmbeddedKubernetesDispatcher.KUBERNETES_MAJOR);
      version.put("minor", EmbeddedKubernetesDispatcher.KUBERNETES_MINOR);
      version.put(
          "gitVersion",
          "v"
              + EmbeddedKubernetesDispatcher.KUBERNETES_MAJOR
              + "."
              + EmbeddedKubernetesDispatcher.KUBERNETES_MINOR
              + ".0-embedded");
      version.put("gitCommit", "0000000000000000000000000000000000000000");
      version.put("gitTreeState", "clean");
      version.put("buildDate", "2025-01-01T00:00:00Z");
      version.put("goVersion", "java" + Runtime.version().feature());
      version.put("compiler", "fabric8-mock");
      version.put("platform", "linux/amd64");
      return EmbeddedKubernetesDispatcher.jsonResponse(200, version);
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
      return EmbeddedKubernetesDispatcher.jsonResponse(
          404,
          EmbeddedKubernetesDispatcher.notFoundStatus(
              "the server could not find the requested resource"));
    }
    if (path.equals("/") || path.isEmpty()) {
      List<String> roots = new ArrayList<>(List.of("/api", "/api/v1", "/apis", "/version"));
      DiscoveryDocuments documents = discovery.get();
      documents
          .groups()
          .getGroups()
          .forEach(
              g -> {
                roots.add("/apis/" + g.getName());
                g.getVersions().forEach(v -> roots.add("/apis/" + v.getGroupVersion()));
              });
      return EmbeddedKubernetesDispatcher.jsonResponse(
          200, new RootPathsBuilder().withPaths(roots).build());
    }
    if (path.equals("/api")) {
      return EmbeddedKubernetesDispatcher.jsonResponse(200, discovery.get().coreVersions());
    }
    if (path.equals("/api/v1")) {
      return EmbeddedKubernetesDispatcher.jsonResponse(
          200, discovery.get().resources("", "v1").orElseThrow());
    }
    if (path.equals("/apis")) {
      return EmbeddedKubernetesDispatcher.jsonResponse(200, discovery.get().groups());
    }
    String[] segments = path.split("/");
    if (segments.length == 3 && segments[1].equals("apis")) {
      return discovery
          .get()
          .group(segments[2])
          .map(g -> EmbeddedKubernetesDispatcher.jsonResponse(200, g))
          .orElseGet(FixedDocuments::notFound);
    }
    if (segments.length == 4 && segments[1].equals("apis")) {
      return discovery
          .get()
          .resources(segments[2], segments[3])
          .map(list -> EmbeddedKubernetesDispatcher.jsonResponse(200, list))
          .orElseGet(FixedDocuments::notFound);
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
      return EmbeddedKubernetesDispatcher.jsonResponse(
          406,
          EmbeddedKubernetesDispatcher.status(
              406,
              "NotAcceptable",
              "the embedded Kubernetes API serves OpenAPI v3 as application/json only"));
    }
    OpenApiDocuments documents = openApi.get();
    JsonNode document;
    if (path.equals("/openapi/v3")) {
      document = documents.root();
    } else {
      Optional<ObjectNode> found =
          OpenApiDocuments.parseKey(path.substring("/openapi/v3/".length()))
              .flatMap(gv -> documents.document(gv.group(), gv.version()));
      if (found.isEmpty()) {
        return EmbeddedKubernetesDispatcher.jsonResponse(
            404,
            EmbeddedKubernetesDispatcher.notFoundStatus(
                "the server could not find the requested resource"));
      }
      document = found.get();
    }
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setHeader("Cache-Control", "no-cache, private")
        .setBody(new String(documents.bytes(document), StandardCharsets.UTF_8));
  }

  private static boolean acceptsJson(String accept) {
    String lower = accept.toLowerCase(Locale.ROOT);
    return lower.isBlank() || lower.contains("json") || lower.contains("*/*");
  }

  private static MockResponse notFound() {
    return EmbeddedKubernetesDispatcher.jsonResponse(
        404,
        EmbeddedKubernetesDispatcher.notFoundStatus(
            "the server could not find the requested resource"));
  }

  /** A watch asked for as a streamed HTTP answer (kubectl), not as a WebSocket (Fabric8). */
  static boolean isStreamedWatch(RecordedRequest request, Map<String, String> query) {
    String watch = query.get("watch");
    String upgrade = request.getHeader("Upgrade");
    return ("true".equals(watch) || "1".equals(watch))
        && (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket"));
  }

  /** What such a watch gets: a clear refusal, at once, instead of an answer that never ends. */
  static MockResponse refusedWatch() {
    return EmbeddedKubernetesDispatcher.jsonResponse(
        406,
        EmbeddedKubernetesDispatcher.status(
            406,
            "NotAcceptable",
            "the embedded Kubernetes API streams watches over WebSocket only (as Fabric8"
                + " clients watch), not as a chunked HTTP answer: kubectl get -w and kubectl wait"
                + " cannot follow changes here; run kubectl get again"));
  }
}
