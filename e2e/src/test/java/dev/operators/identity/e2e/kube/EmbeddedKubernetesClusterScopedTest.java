package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A CRD with {@code scope: Cluster}, as the coming IdentityPolicy kind: its objects live at {@code
 * /apis/GROUP/VERSION/PLURAL/NAME} (no namespace), are admitted against their schema like
 * namespaced ones, keep their status apart, can be watched, and a namespaced path is not theirs
 * (404, as on a real API server, where no such route exists).
 */
class EmbeddedKubernetesClusterScopedTest {

  static final String COLLECTION = "/apis/identity.operators.dev/v1alpha1/identitypolicies";

  static final String CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: identitypolicies.identity.operators.dev}
      spec:
        group: identity.operators.dev
        scope: Cluster
        names: {kind: IdentityPolicy, plural: identitypolicies, singular: identitypolicy,
                listKind: IdentityPolicyList}
        versions:
          - name: v1alpha1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      mode: {type: string, enum: [Audit, Enforce], default: Audit}
                      maxAssignments: {type: integer, minimum: 0}
                  status:
                    type: object
                    properties:
                      violations: {type: integer}
      """;

  static EmbeddedKubernetes kube;

  static CustomResourceDefinition crd() {
    return new KubernetesSerialization().unmarshal(CRD, CustomResourceDefinition.class);
  }

  @BeforeAll
  static void start() {
    kube = EmbeddedKubernetes.builder().crd(crd()).namespace("team-a").start();
  }

  @AfterAll
  static void stop() {
    kube.close();
  }

  static HttpResponse<String> send(String method, String path, String type, String body)
      throws Exception {
    return send(kube, method, path, type, body);
  }

  /** A request to {@code kube} (JSON accepted), with a body of media type {@code type}. */
  static HttpResponse<String> send(
      EmbeddedKubernetes kube, String method, String path, String type, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(kube.url() + path))
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    return EmbeddedKubernetesFixture.http.send(
        request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = send("GET", path, null, null);
    assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
    return EmbeddedKubernetesFixture.mapper.readTree(response.body());
  }

  static String policy(String name, String spec) {
    return """
        {"apiVersion": "identity.operators.dev/v1alpha1", "kind": "IdentityPolicy",
         "metadata": {"name": "%s"}, "spec": %s}"""
        .formatted(name, spec);
  }

  static ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup("identity.operators.dev")
        .withVersion("v1alpha1")
        .withPlural("identitypolicies")
        .withKind("IdentityPolicy")
        .withNamespaced(false)
        .build();
  }

  @Test
  void aClusterScopedObjectIsCreatedReadAndListedWithoutANamespace() throws Exception {
    HttpResponse<String> created =
        send("POST", COLLECTION, "application/json", policy("strict", "{\"maxAssignments\": 3}"));

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode object = EmbeddedKubernetesFixture.mapper.readTree(created.body());
    assertThat(object.path("metadata").has("namespace")).isFalse();
    assertThat(object.path("spec").path("mode").asText()).as("schema default").isEqualTo("Audit");
    JsonNode read = get(COLLECTION + "/strict");
    assertThat(read.path("spec").path("maxAssignments").asInt()).isEqualTo(3);
    GenericKubernetesResource viaClient =
        kube.client().genericKubernetesResources(context()).withName("strict").get();
    assertThat(viaClient.getMetadata().getNamespace()).isNull();
    assertThat(kube.client().genericKubernetesResources(context()).list().getItems())
        .extracting(r -> r.getMetadata().getName())
        .contains("strict");
  }

  @Test
  void aClusterScopedObjectIsValidatedAgainstItsSchema() throws Exception {
    HttpResponse<String> refused =
        send(
            "POST",
            COLLECTION,
            "application/json",
            policy("bad", "{\"mode\": \"Sometimes\", \"maxAssignments\": -1}"));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body())
        .contains("IdentityPolicy.identity.operators.dev \\\"bad\\\" is invalid")
        .contains("spec.mode")
        .contains("spec.maxAssignments");
    assertThat(send("GET", COLLECTION + "/bad", null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void aNamespacedPathIsNotAClusterScopedKindsRoute() throws Exception {
    String namespaced = "/apis/identity.operators.dev/v1alpha1/namespaces/team-a/identitypolicies";

    HttpResponse<String> create =
        send("POST", namespaced, "application/json", policy("in-namespace", "{}"));
    HttpResponse<String> list = send("GET", namespaced, null, null);

    assertThat(create.statusCode()).as(create.body()).isEqualTo(404);
    assertThat(list.statusCode()).as(list.body()).isEqualTo(404);
    assertThat(send("GET", COLLECTION + "/in-namespace", null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void statusIsWrittenThroughItsSubresourceOnly() throws Exception {
    assertThat(
            send("POST", COLLECTION, "application/json", policy("with-status", "{}")).statusCode())
        .isEqualTo(201);

    HttpResponse<String> status =
        send(
            "PATCH",
            COLLECTION + "/with-status/status",
            "application/merge-patch+json",
            "{\"status\": {\"violations\": 2}}");
    HttpResponse<String> main =
        send(
            "PATCH",
            COLLECTION + "/with-status",
            "application/merge-patch+json",
            "{\"spec\": {\"mode\": \"Enforce\"}, \"status\": {\"violations\": 9}}");

    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    assertThat(main.statusCode()).as(main.body()).isEqualTo(200);
    JsonNode stored = get(COLLECTION + "/with-status");
    assertThat(stored.path("status").path("violations").asInt()).isEqualTo(2);
    assertThat(stored.path("spec").path("mode").asText()).isEqualTo("Enforce");
    assertThat(stored.path("metadata").path("generation").asInt()).isEqualTo(2);
  }

  @Test
  void aClusterScopedKindCanBeWatched() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch watch =
        kube.client()
            .genericKubernetesResources(context())
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource resource) {
                    seen.add(action + " " + resource.getMetadata().getName());
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      kube.client()
          .genericKubernetesResources(context())
          .resource(
              new GenericKubernetesResourceBuilder()
                  .withApiVersion("identity.operators.dev/v1alpha1")
                  .withKind("IdentityPolicy")
                  .withNewMetadata()
                  .withName("watched")
                  .endMetadata()
                  .withAdditionalProperties(Map.of("spec", Map.of("mode", "Enforce")))
                  .build())
          .create();

      Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> seen.contains("ADDED watched"));
    }
  }
}
