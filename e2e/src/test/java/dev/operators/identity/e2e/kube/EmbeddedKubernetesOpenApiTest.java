package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI v3 documents, fetched as kubectl fetches them. */
class EmbeddedKubernetesOpenApiTest extends EmbeddedKubernetesFixture {

  static final String GV = "apis/identity.operators.dev/v1alpha1";
  static final String UAI = "dev.operators.identity.v1alpha1.UserAssignedIdentity";
  static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
  static final String ITEM_PATH =
      "/apis/identity.operators.dev/v1alpha1/namespaces/{namespace}/userassignedidentities/{name}";

  static HttpResponse<byte[]> fetch(String pathAndQuery, String accept) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(kube.url() + pathAndQuery))
            .header("Accept", accept)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode json(String pathAndQuery) throws Exception {
    HttpResponse<byte[]> response = fetch(pathAndQuery, "application/json");
    assertThat(response.statusCode()).as(pathAndQuery).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return mapper.readTree(response.body());
  }

  /** The group-version document, through the root's serverRelativeURL (as kubectl does). */
  static JsonNode document(String key) throws Exception {
    String url = rootUrl(key);
    assertThat(url).as(key).isNotEmpty();
    return json(url);
  }

  static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.asText()));
    return values;
  }

  @Test
  void rootListsEveryGroupVersionWithAHashedUrl() throws Exception {
    JsonNode paths = json("/openapi/v3?timeout=32s").path("paths");
    List<String> keys = new ArrayList<>();
    paths.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .contains(
            "api/v1",
            GV,
            "apis/coordination.k8s.io/v1",
            "apis/apiextensions.k8s.io/v1",
            "apis/authorization.k8s.io/v1");
    String url = paths.path(GV).path("serverRelativeURL").asText();
    assertThat(url).matches("/openapi/v3/" + GV + "\\?hash=[0-9A-F]{128}");

    // the hash is the SHA-512 of the document as served
    HttpResponse<byte[]> doc = fetch(url, "application/json");
    assertThat(doc.statusCode()).isEqualTo(200);
    String sha512 =
        HexFormat.of()
            .withUpperCase()
            .formatHex(MessageDigest.getInstance("SHA-512").digest(doc.body()));
    assertThat(url).endsWith("hash=" + sha512);
  }

  @Test
  void crdSchemaIsPublishedUnderItsRestFriendlyName() throws Exception {
    JsonNode doc = document(GV);
    assertThat(doc.path("openapi").asText()).startsWith("3.");
    JsonNode uai = doc.path("components").path("schemas").path(UAI);
    assertThat(uai.path("type").asText()).isEqualTo("object");
    JsonNode gvk = uai.path("x-kubernetes-group-version-kind");
    assertThat(gvk.isArray()).isTrue();
    assertThat(gvk).hasSize(1);
    assertThat(mapper.convertValue(gvk.get(0), Map.class))
        .isEqualTo(
            Map.of(
                "group",
                "identity.operators.dev",
                "version",
                "v1alpha1",
                "kind",
                "UserAssignedIdentity"));

    JsonNode properties = uai.path("properties");
    assertThat(properties.path("apiVersion").path("type").asText()).isEqualTo("string");
    assertThat(properties.path("kind").path("description").asText()).contains("REST resource");
    assertThat(properties.path("metadata").path("allOf").get(0).path("$ref").asText())
        .isEqualTo("#/components/schemas/" + OBJECT_META);

    JsonNode isolation = properties.path("spec").path("properties").path("isolationScope");
    assertThat(isolation.path("description").asText()).startsWith("Isolation scope.");
    assertThat(texts(isolation.path("enum"))).containsExactly("None", "Regional");
    assertThat(isolation.path("default").asText()).isEqualTo("None");
    assertThat(texts(properties.path("spec").path("required")))
        .containsExactlyInAnyOrder("location", "resourceGroup");
    JsonNode state =
        properties
            .path("status")
            .path("properties")
            .path("roleAssignments")
            .path("items")
            .path("properties")
            .path("state");
    assertThat(texts(state.path("enum"))).containsExactly("Failed", "Pending", "Planned", "Ready");
    // CEL rules travel with the schema, as the API server publishes them
    assertThat(
            properties
                .path("spec")
                .path("properties")
                .path("tags")
                .path("x-kubernetes-validations")
                .isArray())
        .isTrue();

    JsonNode list = doc.path("components").path("schemas").path(UAI + "List");
    assertThat(list.path("properties").path("items").path("items").path("$ref").asText())
        .isEqualTo("#/components/schemas/" + UAI);
    assertThat(list.path("x-kubernetes-group-version-kind").get(0).path("kind").asText())
        .isEqualTo("UserAssignedIdentityList");
  }

  @Test
  void objectMetaIsDescribedAndEveryRefResolves() throws Exception {
    JsonNode doc = document(GV);
    JsonNode schemas = doc.path("components").path("schemas");
    JsonNode meta = schemas.path(OBJECT_META);
    List<String> fields = new ArrayList<>();
    meta.path("properties").fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .contains(
            "name",
            "namespace",
            "generateName",
            "labels",
            "annotations",
            "finalizers",
            "ownerReferences",
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "deletionTimestamp",
            "managedFields");
    assertThat(meta.path("properties").path("name").path("description").asText())
        .contains("unique within a namespace");
    assertThat(meta.path("properties").path("labels").path("additionalProperties").path("type"))
        .hasToString("\"string\"");

    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/components/schemas/");
      assertThat(schemas.has(ref.substring("#/components/schemas/".length())))
          .as("%s resolves", ref)
          .isTrue();
    }
  }

  static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> {
                if (field.getKey().equals("$ref")) {
                  refs.add(field.getValue().asText());
                } else {
                  collectRefs(field.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
    }
  }

  @Test
  void patchOperationsAdvertiseFieldValidationAndThePatchTypesServed() throws Exception {
    JsonNode paths = document(GV).path("paths");
    JsonNode patch = paths.path(ITEM_PATH).path("patch");
    assertThat(patch.path("x-kubernetes-action").asText()).isEqualTo("patch");
    // in paths the GVK extension is one object, not a list
    assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText())
        .isEqualTo("UserAssignedIdentity");
    List<String> queryParams = new ArrayList<>();
    patch.path("parameters").forEach(p -> queryParams.add(p.path("in") + ":" + p.path("name")));
    assertThat(queryParams).contains("\"query\":\"fieldValidation\"");
    List<String> bodies = new ArrayList<>();
    patch.path("requestBody").path("content").fieldNames().forEachRemaining(bodies::add);
    assertThat(bodies)
        .containsExactlyInAnyOrder("application/json-patch+json", "application/merge-patch+json");
    assertThat(
            paths
                .path(ITEM_PATH)
                .path("get")
                .path("responses")
                .path("200")
                .path("content")
                .path("application/json")
                .path("schema")
                .path("$ref")
                .asText())
        .isEqualTo("#/components/schemas/" + UAI);
    assertThat(paths.path(ITEM_PATH + "/status").has("patch")).isTrue();
    assertThat(
            paths
                .path(
                    "/apis/identity.operators.dev/v1alpha1/namespaces/{namespace}/userassignedidentities")
                .has("post"))
        .isTrue();
    assertThat(
            paths.path("/apis/identity.operators.dev/v1alpha1/userassignedidentities").has("get"))
        .isTrue();
  }

  @Test
  void builtInGroupVersionsHavePathsButNoKindSchemas() throws Exception {
    JsonNode core = document("api/v1");
    JsonNode patch = core.path("paths").path("/api/v1/namespaces/{name}").path("patch");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText())
        .isEqualTo("Namespace");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("group").asText()).isEmpty();
    assertThat(core.path("paths").has("/api/v1/namespaces/{namespace}/configmaps/{name}")).isTrue();
    JsonNode schemas = core.path("components").path("schemas");
    assertThat(schemas.has(OBJECT_META)).isTrue();
    schemas
        .fieldNames()
        .forEachRemaining(name -> assertThat(name).startsWith("io.k8s.apimachinery."));

    JsonNode reviews = document("apis/authorization.k8s.io/v1").path("paths");
    JsonNode rules = reviews.path("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews");
    assertThat(rules.has("post")).isTrue();
    assertThat(rules.has("get")).isFalse();
  }

  @Test
  void unknownDocumentsAre404AndProtobufIsRefused() throws Exception {
    assertThat(fetch("/openapi/v3/apis/nope.example.com/v1", "application/json").statusCode())
        .isEqualTo(404);
    assertThat(fetch("/openapi/v3/apis/identity.operators.dev", "application/json").statusCode())
        .isEqualTo(404);
    assertThat(fetch("/openapi/v3/api/v2", "application/json").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> protobuf =
        fetch("/openapi/v3/" + GV, "application/com.github.proto-openapi.spec.v3@v1.0+protobuf");
    assertThat(protobuf.statusCode()).isEqualTo(406);
    assertThat(new String(protobuf.body(), StandardCharsets.UTF_8)).contains("NotAcceptable");
    assertThat(fetch("/openapi/v3/" + GV, "*/*").statusCode()).isEqualTo(200);
  }

  @Test
  void aCrdInstalledLaterIsPublishedAndChangesTheHash() throws Exception {
    String before = json("/openapi/v3").path("paths").path("api/v1").toString();
    String crd =
        """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"gadgets.tools.example.org"},
         "spec":{"group":"tools.example.org","scope":"Cluster",
           "names":{"kind":"Gadget","plural":"gadgets","singular":"gadget"},
           "versions":[{"name":"v2","served":true,"storage":true,
             "schema":{"openAPIV3Schema":{"type":"object","description":"A gadget.",
               "properties":{"spec":{"type":"object","properties":{
                 "size":{"type":"integer","description":"How big."}}}}}}}]}}
        """;
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(kube.url() + EmbeddedKubernetesDispatcher.CRD_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(crd))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);

    JsonNode gadget =
        document("apis/tools.example.org/v2")
            .path("components")
            .path("schemas")
            .path("org.example.tools.v2.Gadget");
    assertThat(gadget.path("description").asText()).isEqualTo("A gadget.");
    assertThat(
            gadget
                .path("properties")
                .path("spec")
                .path("properties")
                .path("size")
                .path("type")
                .asText())
        .isEqualTo("integer");
    // cluster-scoped: no namespace in the paths
    assertThat(
            document("apis/tools.example.org/v2")
                .path("paths")
                .has("/apis/tools.example.org/v2/gadgets/{name}"))
        .isTrue();
    // other documents are unchanged
    assertThat(json("/openapi/v3").path("paths").path("api/v1").toString()).isEqualTo(before);

    // a changed schema changes the hash, so cached copies are not reused
    String url = rootUrl("apis/tools.example.org/v2");
    HttpResponse<String> patched =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        kube.url()
                            + EmbeddedKubernetesDispatcher.CRD_PATH
                            + "/gadgets.tools.example.org"))
                .header("Content-Type", "application/json-patch+json")
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString(
                        "[{\"op\":\"replace\",\"path\":"
                            + "\"/spec/versions/0/schema/openAPIV3Schema/description\","
                            + "\"value\":\"A better gadget.\"}]"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(patched.statusCode()).as(patched.body()).isBetween(200, 202);
    assertThat(rootUrl("apis/tools.example.org/v2")).isNotEqualTo(url);
    assertThat(
            document("apis/tools.example.org/v2")
                .path("components")
                .path("schemas")
                .path("org.example.tools.v2.Gadget")
                .path("description")
                .asText())
        .isEqualTo("A better gadget.");
  }

  static String rootUrl(String key) throws Exception {
    return json("/openapi/v3").path("paths").path(key).path("serverRelativeURL").asText();
  }
}
