package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentityStatus;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The documents kubectl reads, over plain HTTP as kubectl sends its requests. */
class EmbeddedKubernetesDiscoveryTest extends EmbeddedKubernetesFixture {

  static final String TABLE_ACCEPT =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
  static final String AGGREGATED_ACCEPT =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
          + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

  static HttpResponse<String> send(
      String method, String path, String accept, String contentType, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(kube.url() + path))
            .header("Accept", accept)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode get(String path, String accept, int expectedCode) throws Exception {
    HttpResponse<String> response = send("GET", path, accept, null, null);
    assertThat(response.statusCode()).as(path).isEqualTo(expectedCode);
    return mapper.readTree(response.body());
  }

  static JsonNode get(String path) throws Exception {
    return get(path, "application/json, */*", 200);
  }

  static List<String> texts(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.path(field).asText()));
    return values;
  }

  @Test
  void apiVersions() throws Exception {
    JsonNode api = get("/api?timeout=32s", AGGREGATED_ACCEPT, 200);
    assertThat(api.path("kind").asText()).isEqualTo("APIVersions");
    assertThat(texts(api.path("versions"), "")).hasSize(1);
    assertThat(api.path("versions").get(0).asText()).isEqualTo("v1");
    assertThat(api.path("serverAddressByClientCIDRs").get(0).path("serverAddress").asText())
        .isEqualTo("127.0.0.1:" + kube.port());
  }

  @Test
  void coreResources() throws Exception {
    JsonNode v1 = get("/api/v1?timeout=32s");
    assertThat(v1.path("kind").asText()).isEqualTo("APIResourceList");
    assertThat(v1.path("groupVersion").asText()).isEqualTo("v1");
    assertThat(texts(v1.path("resources"), "name"))
        .contains(
            "namespaces",
            "events",
            "configmaps",
            "secrets",
            "serviceaccounts",
            "pods",
            "namespaces/status");
    JsonNode namespaces =
        v1.path("resources").get(texts(v1.path("resources"), "name").indexOf("namespaces"));
    assertThat(namespaces.path("namespaced").asBoolean(true)).isFalse();
    assertThat(namespaces.path("kind").asText()).isEqualTo("Namespace");
    assertThat(texts(namespaces.path("shortNames"), "")).hasSize(1);
  }

  @Test
  void groupListHasBuiltInsAndTheCrdGroup() throws Exception {
    // kubectl asks for aggregated discovery first; the plain form with Content-Type
    // application/json makes it fall back to per-group-version documents.
    HttpResponse<String> response = send("GET", "/apis?timeout=32s", AGGREGATED_ACCEPT, null, null);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode apis = mapper.readTree(response.body());
    assertThat(apis.path("kind").asText()).isEqualTo("APIGroupList");
    assertThat(texts(apis.path("groups"), "name"))
        .contains(
            "apiextensions.k8s.io",
            "coordination.k8s.io",
            "events.k8s.io",
            "identity.operators.dev");
    JsonNode group =
        apis.path("groups")
            .get(texts(apis.path("groups"), "name").indexOf("identity.operators.dev"));
    assertThat(group.path("versions").get(0).path("groupVersion").asText())
        .isEqualTo("identity.operators.dev/v1alpha1");
    assertThat(group.path("preferredVersion").path("version").asText()).isEqualTo("v1alpha1");

    JsonNode single = get("/apis/identity.operators.dev");
    assertThat(single.path("kind").asText()).isEqualTo("APIGroup");
    assertThat(single.path("name").asText()).isEqualTo("identity.operators.dev");
  }

  @Test
  void crdGroupVersionResources() throws Exception {
    JsonNode list = get("/apis/identity.operators.dev/v1alpha1?timeout=32s");
    assertThat(list.path("kind").asText()).isEqualTo("APIResourceList");
    assertThat(list.path("groupVersion").asText()).isEqualTo("identity.operators.dev/v1alpha1");
    assertThat(texts(list.path("resources"), "name"))
        .containsExactly("userassignedidentities", "userassignedidentities/status");

    JsonNode main = list.path("resources").get(0);
    assertThat(main.path("singularName").asText()).isEqualTo("userassignedidentity");
    assertThat(main.path("namespaced").asBoolean()).isTrue();
    assertThat(main.path("kind").asText()).isEqualTo("UserAssignedIdentity");
    assertThat(main.path("shortNames").get(0).asText()).isEqualTo("uai");
    assertThat(texts(main.path("verbs"), "")).hasSize(8);
    assertThat(main.path("verbs").toString())
        .contains(
            "\"get\"",
            "\"list\"",
            "\"watch\"",
            "\"create\"",
            "\"update\"",
            "\"patch\"",
            "\"delete\"");

    JsonNode status = list.path("resources").get(1);
    assertThat(status.path("kind").asText()).isEqualTo("UserAssignedIdentity");
    assertThat(status.path("verbs").toString()).isEqualTo("[\"get\",\"patch\",\"update\"]");
  }

  @Test
  void unknownGroupVersionIs404AndOpenApiV2IsAbsent() throws Exception {
    assertThat(get("/apis/nope.example.com/v1", "application/json", 404).path("reason").asText())
        .isEqualTo("NotFound");
    // OpenAPI v3 is served (EmbeddedKubernetesOpenApiTest), v2 is not.
    assertThat(send("GET", "/openapi/v2?timeout=32s", "application/json", null, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void versionAndRoot() throws Exception {
    JsonNode version = get("/version?timeout=32s");
    assertThat(version.path("major").asText()).isEqualTo("1");
    assertThat(version.path("gitVersion").asText()).startsWith("v1.");
    assertThat(get("/").path("paths").toString())
        .contains("\"/api\"", "\"/apis\"", "\"/apis/identity.operators.dev/v1alpha1\"");
  }

  @Test
  void crdInstalledLaterAppearsInDiscovery() throws Exception {
    String crd =
        """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"widgets.example.com"},
         "spec":{"group":"example.com","scope":"Cluster",
           "names":{"kind":"Widget","plural":"widgets","singular":"widget","shortNames":["wg"]},
           "versions":[
             {"name":"v1beta1","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object"}}},
             {"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object"}},
              "subresources":{"status":{},"scale":{"specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas"}}}]}}
        """;
    assertThat(
            send(
                    "POST",
                    "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
                    "application/json",
                    "application/json",
                    crd)
                .statusCode())
        .isEqualTo(201);
    JsonNode apis = get("/apis");
    JsonNode group =
        apis.path("groups").get(texts(apis.path("groups"), "name").indexOf("example.com"));
    assertThat(group.path("preferredVersion").path("version").asText()).isEqualTo("v1");
    assertThat(texts(group.path("versions"), "version")).containsExactly("v1", "v1beta1");

    JsonNode v1 = get("/apis/example.com/v1");
    assertThat(texts(v1.path("resources"), "name"))
        .containsExactly("widgets", "widgets/status", "widgets/scale");
    assertThat(v1.path("resources").get(0).path("namespaced").asBoolean(true)).isFalse();
    assertThat(texts(get("/apis/example.com/v1beta1").path("resources"), "name"))
        .containsExactly("widgets");
  }

  @Test
  void tableForCustomResources() throws Exception {
    UserAssignedIdentity uai =
        EmbeddedKubernetesClientTest.identity("team-a", "tabled", "westeurope");
    var identities = kube.client().resources(UserAssignedIdentity.class);
    identities.resource(uai).create();
    UserAssignedIdentity stored = identities.inNamespace("team-a").withName("tabled").get();
    UserAssignedIdentityStatus status = new UserAssignedIdentityStatus();
    status.setClientId("cid-1");
    status.setLocation("westeurope");
    status.setConditions(
        List.of(
            new io.fabric8.kubernetes.api.model.ConditionBuilder()
                .withType("IdentityReady")
                .withStatus("False")
                .withReason("Other")
                .build(),
            new io.fabric8.kubernetes.api.model.ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("Reconciled")
                .build()));
    stored.setStatus(status);
    identities.resource(stored).updateStatus();

    HttpResponse<String> response =
        send(
            "GET",
            "/apis/identity.operators.dev/v1alpha1/userassignedidentities?limit=500",
            TABLE_ACCEPT,
            null,
            null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).contains("as=Table");
    JsonNode table = mapper.readTree(response.body());
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    List<String> columns = texts(table.path("columnDefinitions"), "name");
    assertThat(columns)
        .containsExactlyInAnyOrder(
            "Name",
            "Age",
            "Location",
            "Client ID",
            "Migration",
            "Step",
            "Reason",
            "Ready",
            "Isolation");
    assertThat(table.path("columnDefinitions").get(0).path("format").asText()).isEqualTo("name");

    JsonNode row = null;
    for (JsonNode candidate : table.path("rows")) {
      if (candidate.path("cells").get(0).asText().equals("tabled")) {
        row = candidate;
      }
    }
    assertThat(row).isNotNull();
    JsonNode cells = row.path("cells");
    assertThat(cells.get(columns.indexOf("Location")).asText()).isEqualTo("westeurope");
    assertThat(cells.get(columns.indexOf("Client ID")).asText()).isEqualTo("cid-1");
    assertThat(cells.get(columns.indexOf("Ready")).asText()).isEqualTo("True");
    assertThat(cells.get(columns.indexOf("Reason")).asText()).isEqualTo("Reconciled");
    assertThat(cells.get(columns.indexOf("Isolation")).isNull()).isTrue();
    assertThat(cells.get(columns.indexOf("Age")).asText()).matches("\\d+s");
    assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(row.path("object").path("metadata").path("namespace").asText()).isEqualTo("team-a");

    JsonNode one =
        get(
            "/apis/identity.operators.dev/v1alpha1/namespaces/team-a/userassignedidentities/tabled?includeObject=Object",
            TABLE_ACCEPT,
            200);
    assertThat(one.path("rows")).hasSize(1);
    assertThat(one.path("rows").get(0).path("object").path("spec").path("location").asText())
        .isEqualTo("westeurope");

    // without the Table Accept header: the plain object
    assertThat(
            get("/apis/identity.operators.dev/v1alpha1/namespaces/team-a/userassignedidentities/tabled")
                .path("kind")
                .asText())
        .isEqualTo("UserAssignedIdentity");
    // built-in kinds are not converted
    assertThat(get("/api/v1/namespaces", TABLE_ACCEPT, 200).path("kind").asText())
        .isNotEqualTo("Table");
  }

  @Test
  void notFoundCarriesAStatus() throws Exception {
    JsonNode status =
        get(
            "/apis/identity.operators.dev/v1alpha1/namespaces/team-a/userassignedidentities/missing",
            TABLE_ACCEPT,
            404);
    assertThat(status.path("kind").asText()).isEqualTo("Status");
    assertThat(status.path("reason").asText()).isEqualTo("NotFound");
    assertThat(status.path("message").asText())
        .isEqualTo("userassignedidentities.identity.operators.dev \"missing\" not found");
  }

  @Test
  void statusPatchWithQueryParametersUpdatesTheStatus() throws Exception {
    var identities = kube.client().resources(UserAssignedIdentity.class);
    identities
        .resource(EmbeddedKubernetesClientTest.identity("team-a", "fm", "westeurope"))
        .create();
    String path =
        "/apis/identity.operators.dev/v1alpha1/namespaces/team-a/userassignedidentities/fm";

    HttpResponse<String> patched =
        send(
            "PATCH",
            path + "/status?fieldManager=kubectl-patch",
            "application/json",
            "application/merge-patch+json",
            "{\"status\":{\"clientId\":\"c-9\"},\"spec\":{\"location\":\"x\"}}");
    assertThat(patched.statusCode()).isBetween(200, 202);
    UserAssignedIdentity stored = identities.inNamespace("team-a").withName("fm").get();
    assertThat(stored.getStatus().getClientId()).isEqualTo("c-9");
    assertThat(stored.getSpec().getLocation()).isEqualTo("westeurope");
  }

  @Test
  void removingTheLastFinalizerAnswersWithTheFinalObject() throws Exception {
    var identities = kube.client().resources(UserAssignedIdentity.class);
    UserAssignedIdentity uai = EmbeddedKubernetesClientTest.identity("team-a", "fin", "westeurope");
    uai.getMetadata().setFinalizers(List.of("a/b"));
    identities.resource(uai).create();
    identities.inNamespace("team-a").withName("fin").delete();
    String path =
        "/apis/identity.operators.dev/v1alpha1/namespaces/team-a/userassignedidentities/fin";

    HttpResponse<String> patched =
        send(
            "PATCH",
            path + "?fieldManager=kubectl-patch",
            "application/json",
            "application/json-patch+json",
            "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
    assertThat(patched.statusCode()).isEqualTo(200);
    JsonNode object = mapper.readTree(patched.body());
    assertThat(object.path("metadata").path("name").asText()).isEqualTo("fin");
    assertThat(object.path("metadata").has("finalizers")).isFalse();
    assertThat(identities.inNamespace("team-a").withName("fin").get()).isNull();
  }

  @Test
  void protobufIsRefusedInsteadOfHanging() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "/api/v1/namespaces?fieldManager=kubectl-create",
            "application/json",
            "application/vnd.kubernetes.protobuf",
            "k8s\u0000binary");
    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(mapper.readTree(response.body()).path("reason").asText())
        .isEqualTo("UnsupportedMediaType");
  }
}
