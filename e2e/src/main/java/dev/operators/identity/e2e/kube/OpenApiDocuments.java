package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The OpenAPI v3 documents kubectl reads ({@code kubectl explain}, and the check of {@code kubectl
 * apply|create|replace} whether the server validates fields itself): {@code GET /openapi/v3} (the
 * index of group-versions) and {@code GET /openapi/v3/api/v1} or {@code
 * /openapi/v3/apis/{group}/{version}}, built from the same resources as {@link DiscoveryDocuments}.
 *
 * <p>Each custom resource definition contributes, for each served version, its {@code
 * openAPIV3Schema} under a REST-friendly name such as {@code
 * dev.operators.identity.v1alpha1.UserAssignedIdentity} (the group reversed, then version and kind)
 * with {@code apiVersion}, {@code kind} and a {@code metadata} that refers to {@code
 * io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}, plus a {@code ...List} schema, as the
 * apiextensions server publishes them. Built-in kinds get paths (so kubectl knows it may send
 * {@code fieldValidation}) but no schema: {@code kubectl explain} works for custom resources only.
 * Paths advertise the JSON patch and JSON merge patch bodies this server honours, not strategic
 * merge patch or apply patches.
 */
final class OpenApiDocuments {

  static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  static final String SCHEMAS = "#/components/schemas/";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private final DiscoveryDocuments discovery;

  OpenApiDocuments(DiscoveryDocuments discovery) {
    this.discovery = discovery;
  }

  /** One group-version: {@code group} is empty for the core group. */
  record GroupVersion(String group, String version) {
    /** The key in {@code /openapi/v3}'s paths, such as {@code api/v1} or {@code apis/g/v}. */
    String key() {
      return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
    }
  }

  /** Every group-version served: {@code api/v1} first, then the groups as discovery lists them. */
  List<GroupVersion> groupVersions() {
    List<GroupVersion> result = new ArrayList<>();
    result.add(new GroupVersion("", "v1"));
    discovery
        .groups()
        .getGroups()
        .forEach(
            g ->
                g.getVersions()
                    .forEach(v -> result.add(new GroupVersion(g.getName(), v.getVersion()))));
    return result;
  }

  /**
   * {@code GET /openapi/v3}: {@code {"paths": {"apis/g/v": {"serverRelativeURL":
   * "/openapi/v3/apis/g/v?hash=..."}}}}, the hash being the SHA-512 of the document as served.
   */
  ObjectNode root() {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode paths = root.putObject("paths");
    for (GroupVersion gv : groupVersions()) {
      document(gv.group(), gv.version())
          .ifPresent(
              doc ->
                  paths
                      .putObject(gv.key())
                      .put("serverRelativeURL", "/openapi/v3/" + gv.key() + "?hash=" + hash(doc)));
    }
    return root;
  }

  /**
   * The group-version of a path below {@code /openapi/v3/} ({@code api/v1}, {@code apis/g/v}), or
   * empty when it names none.
   */
  static Optional<GroupVersion> parseKey(String key) {
    String[] segments = key.split("/", -1);
    if (segments.length == 2 && segments[0].equals("api") && !segments[1].isEmpty()) {
      return Optional.of(new GroupVersion("", segments[1]));
    }
    if (segments.length == 3
        && segments[0].equals("apis")
        && !segments[1].isEmpty()
        && !segments[2].isEmpty()) {
      return Optional.of(new GroupVersion(segments[1], segments[2]));
    }
    return Optional.empty();
  }

  /** The serialized form of {@code document}, as served and hashed. */
  byte[] bytes(JsonNode document) {
    try {
      return MAPPER.writeValueAsBytes(document);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  String hash(JsonNode document) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-512").digest(bytes(document));
      return HexFormat.of().withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The OpenAPI 3 document of one group-version ({@code group} empty for the core group), or empty
   * when nothing is served there.
   */
  Optional<ObjectNode> document(String group, String version) {
    Optional<APIResourceList> listed = discovery.resources(group, version);
    if (listed.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode doc = MAPPER.createObjectNode();
    doc.put("openapi", "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Kubernetes (embedded)");
    info.put(
        "version",
        "v"
            + EmbeddedKubernetesDispatcher.KUBERNETES_MAJOR
            + "."
            + EmbeddedKubernetesDispatcher.KUBERNETES_MINOR
            + ".0");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");

    List<String> crdKinds = new ArrayList<>();
    for (CustomResourceDefinition crd : discovery.crds()) {
      if (!crd.getSpec().getGroup().equals(group)) {
        continue;
      }
      for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
        if (v.getName().equals(version) && Boolean.TRUE.equals(v.getServed())) {
          String kind = crd.getSpec().getNames().getKind();
          String listKind = crd.getSpec().getNames().getListKind();
          if (listKind == null || listKind.isEmpty()) {
            listKind = kind + "List";
          }
          schemas.set(schemaName(group, version, kind), kindSchema(crd, v));
          schemas.set(
              schemaName(group, version, listKind),
              listSchema(group, version, kind, listKind, crd.getSpec().getNames().getPlural()));
          crdKinds.add(kind);
        }
      }
    }

    for (APIResource resource : listed.get().getResources()) {
      String name = resource.getName();
      if (name.contains("/") && !name.endsWith("/status")) {
        continue; // scale and other subresources: not described
      }
      boolean status = name.endsWith("/status");
      String plural = status ? name.substring(0, name.indexOf('/')) : name;
      Gvk gvk = new Gvk(group, version, resource.getKind());
      JsonNode objectSchema =
          crdKinds.contains(resource.getKind())
              ? ref(schemaName(group, version, resource.getKind()))
              : builtInSchema(resource.getKind());
      OpenApiPaths.add(
          paths,
          gvk.group(),
          gvk.version(),
          gvk.kind(),
          plural,
          Boolean.TRUE.equals(resource.getNamespaced()),
          status,
          resource.getVerbs(),
          objectSchema,
          crdKinds.contains(resource.getKind())
              ? ref(schemaName(group, version, listKind(group, resource.getKind())))
              : builtInSchema(resource.getKind() + "List"));
    }
    MetaSchemas.addTo(schemas);
    return Optional.of(doc);
  }

  private String listKind(String group, String kind) {
    return discovery.crds().stream()
        .filter(crd -> crd.getSpec().getGroup().equals(group))
        .map(crd -> crd.getSpec().getNames())
        .filter(names -> names.getKind().equals(kind))
        .map(CustomResourceDefinitionNames::getListKind)
        .filter(listKind -> listKind != null && !listKind.isEmpty())
        .findFirst()
        .orElse(kind + "List");
  }

  /**
   * The REST-friendly schema name: the group's DNS labels reversed, then version and kind ({@code
   * identity.operators.dev}, {@code v1alpha1}, {@code UserAssignedIdentity} give {@code
   * dev.operators.identity.v1alpha1.UserAssignedIdentity}).
   */
  static String schemaName(String group, String version, String kind) {
    List<String> labels = new ArrayList<>(List.of(group.split("\\.")));
    Collections.reverse(labels);
    return String.join(".", labels) + "." + version + "." + kind;
  }

  record Gvk(String group, String version, String kind) {}

  static ObjectNode gvkNode(String group, String version, String kind) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("group", group);
    node.put("kind", kind);
    node.put("version", version);
    return node;
  }

  /** The CRD version's schema with apiVersion, kind, metadata and the GVK extension added. */
  private ObjectNode kindSchema(CustomResourceDefinition crd, CustomResourceDefinitionVersion v) {
    ObjectNode schema = null;
    if (v.getSchema() != null && v.getSchema().getOpenAPIV3Schema() != null) {
      JsonNode node =
          SERIALIZATION.convertValue(v.getSchema().getOpenAPIV3Schema(), JsonNode.class);
      schema = node instanceof ObjectNode object ? object.deepCopy() : null;
    }
    if (schema == null) {
      schema = MAPPER.createObjectNode();
      schema.put("x-kubernetes-preserve-unknown-fields", true);
    }
    if (!schema.has("type")) {
      schema.put("type", "object");
    }
    ObjectNode properties =
        schema.path("properties") instanceof ObjectNode existing
            ? existing
            : schema.putObject("properties");
    properties.set("apiVersion", MetaSchemas.apiVersion());
    properties.set("kind", MetaSchemas.kind());
    properties.set(
        "metadata",
        MetaSchemas.refWithDescription(
            META + "ObjectMeta",
            "Standard object's metadata. More info:"
                + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"));
    schema
        .putArray("x-kubernetes-group-version-kind")
        .add(gvkNode(crd.getSpec().getGroup(), v.getName(), crd.getSpec().getNames().getKind()));
    return schema;
  }

  private ObjectNode listSchema(
      String group, String version, String kind, String listKind, String plural) {
    ObjectNode schema = MAPPER.createObjectNode();
    schema.put("description", listKind + " is a list of " + kind);
    schema.put("type", "object");
    schema.putArray("required").add("items");
    ObjectNode properties = schema.putObject("properties");
    properties.set("apiVersion", MetaSchemas.apiVersion());
    ObjectNode items = properties.putObject("items");
    items.put(
        "description",
        "List of "
            + plural
            + ". More info:"
            + " https://git.k8s.io/community/contributors/devel/api-conventions.md");
    items.put("type", "array");
    items.set("items", ref(schemaName(group, version, kind)));
    properties.set("kind", MetaSchemas.kind());
    properties.set(
        "metadata",
        MetaSchemas.refWithDescription(
            META + "ListMeta",
            "Standard list metadata. More info:"
                + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"));
    schema.putArray("x-kubernetes-group-version-kind").add(gvkNode(group, version, listKind));
    return schema;
  }

  /** The embedded server does not describe built-in kinds: any object. */
  private ObjectNode builtInSchema(String kind) {
    ObjectNode schema = MAPPER.createObjectNode();
    schema.put("description", kind + " (not described by the embedded Kubernetes API)");
    schema.put("type", "object");
    schema.put("x-kubernetes-preserve-unknown-fields", true);
    return schema;
  }

  static ObjectNode ref(String schemaName) {
    return MAPPER.createObjectNode().put("$ref", SCHEMAS + schemaName);
  }
}
