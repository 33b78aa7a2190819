package dev.operators.identity.e2e.kube;

import java.util.Optional;
import java.util.Set;

/**
 * A resource path of the API, read as the API server's router reads it: {@code
 * /api/v1[/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]]} or the same under {@code
 * /apis/GROUP/VERSION}. {@code /api/v1/namespaces/NAME} is the Namespace itself (and {@code
 * .../status} or {@code .../finalize} its subresources); {@code namespace} is empty for a
 * cluster-scoped path, {@code name} for a collection.
 */
record ApiPath(
    String group,
    String version,
    String namespace,
    String resource,
    String name,
    String subresource) {

  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  static Optional<ApiPath> parse(String path) {
    String[] parts = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[0];
    String group;
    int at;
    if (parts.length >= 3 && parts[0].equals("api") && parts[1].equals("v1")) {
      group = "";
      at = 2;
    } else if (parts.length >= 4 && parts[0].equals("apis")) {
      group = parts[1];
      at = 3;
    } else {
      return Optional.empty();
    }
    String version = parts[at - 1];
    int left = parts.length - at;
    String namespace = "";
    boolean namespacedPath =
        parts[at].equals("namespaces")
            && left >= 3
            && !(group.isEmpty() && left == 3 && NAMESPACE_SUBRESOURCES.contains(parts[at + 2]));
    if (namespacedPath) {
      namespace = parts[at + 1];
      at += 2;
      left -= 2;
    }
    if (left < 1 || left > 3) {
      return Optional.empty();
    }
    for (int i = at; i < parts.length; i++) {
      if (parts[i].isEmpty()) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new ApiPath(
            group,
            version,
            namespace,
            parts[at],
            left >= 2 ? parts[at + 1] : "",
            left == 3 ? parts[at + 2] : ""));
  }

  /** Whether this is the Namespace object {@code name} (or a subresource of it). */
  boolean isNamespaceObject() {
    return group.isEmpty() && resource.equals("namespaces") && !name.isEmpty();
  }

  /** The namespace a request is in, as admission sees it: a Namespace's own name for itself. */
  String admissionNamespace() {
    return isNamespaceObject() ? name : namespace;
  }

  /** {@code group/version}, or {@code version} for the core group. */
  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }
}
