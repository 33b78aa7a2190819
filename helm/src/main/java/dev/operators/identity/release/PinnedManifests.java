package dev.operators.identity.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * deploy/ rendered as one YAML file, as {@code kubectl kustomize deploy/} would render it (the
 * kustomization's resources in order, its namespace on namespaced objects, its labels on every
 * object), with the operator's image pinned to the release: {@code kubectl apply -f} installs it.
 */
final class PinnedManifests {

  /** The cluster-scoped kinds deploy/ holds; every other object gets the namespace. */
  static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "CustomResourceDefinition",
          "ClusterRole",
          "ClusterRoleBinding",
          "ValidatingWebhookConfiguration");

  static final String OPERATOR_CONTAINER = "operator";

  private PinnedManifests() {}

  static String render(Path deploy, String image) throws IOException {
    Map<String, Object> kustomization =
        Yaml.map(Files.readString(deploy.resolve("kustomization.yaml")));
    String namespace = (String) kustomization.get("namespace");
    Map<String, Object> labels = new LinkedHashMap<>();
    for (Object entry : list(kustomization.get("labels"))) {
      labels.putAll(map(map(entry).get("pairs")));
    }
    StringBuilder out = new StringBuilder();
    out.append("# azure-identity-operator, image ")
        .append(image)
        .append(": deploy/ rendered by the build (README, Releases).\n")
        .append("# Set the values marked CHANGE-ME in deploy/ before applying (see\n")
        .append("# deploy/kustomization.yaml): OPERATOR_CLUSTER_NAME, the ServiceAccount's\n")
        .append("# azure.workload.identity/client-id, AZURE_CLIENT_ID, AZURE_TENANT_ID.\n");
    int pinned = 0;
    for (Object resource : list(kustomization.get("resources"))) {
      for (Map<String, Object> object :
          Yaml.documents(Files.readString(deploy.resolve((String) resource)))) {
        Map<String, Object> metadata = map(object.get("metadata"));
        if (!CLUSTER_SCOPED.contains(object.get("kind")) && namespace != null) {
          metadata.put("namespace", namespace);
        }
        if (!labels.isEmpty()) {
          Map<String, Object> own = new LinkedHashMap<>(map(metadata.get("labels")));
          own.putAll(labels);
          metadata.put("labels", own);
        }
        pinned += pin(object, image);
        out.append("---\n").append(Yaml.write(object));
      }
    }
    if (pinned != 1) {
      throw new IllegalStateException(
          "expected one container named " + OPERATOR_CONTAINER + " to pin, found " + pinned);
    }
    return out.toString();
  }

  /** Sets the image of the Deployment's container that runs the operator (named operator). */
  private static int pin(Map<String, Object> object, String image) {
    if (!"Deployment".equals(object.get("kind"))) {
      return 0;
    }
    Map<String, Object> pod = map(map(map(object.get("spec")).get("template")).get("spec"));
    int pinned = 0;
    for (Object container : list(pod.get("containers"))) {
      Map<String, Object> c = map(container);
      if (OPERATOR_CONTAINER.equals(c.get("name"))) {
        c.put("image", image);
        pinned++;
      }
    }
    return pinned;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? new LinkedHashMap<>() : (Map<String, Object>) value;
  }

  private static List<?> list(Object value) {
    return value == null ? List.of() : (List<?>) value;
  }
}
