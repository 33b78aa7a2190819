package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * One embedded API per test class with a real HTTPS webhook ({@link TestWebhookServer}) that it
 * reaches by URL or as the Service {@code webhooks/identity-webhook} (through the builder's {@code
 * webhookServiceResolver}); the UserAssignedIdentity CRD, the cluster-scoped IdentityPolicy and a
 * two-version RoleAssignmentSweep; namespaces team-a (labelled {@code team: a}) and team-b.
 * Configurations are removed and the webhook allows everything again after each test.
 */
abstract class WebhookFixture {

  static final String UAIS =
      "/apis/identity.operators.dev/v1alpha1/namespaces/%s/userassignedidentities";
  static final String POLICIES = EmbeddedKubernetesClusterScopedTest.COLLECTION;
  static final String CONFIGS = WebhookConfigurations.PATH;
  static final String SERVICE_NAME = "identity-webhook.webhooks.svc";

  /** A cluster-scoped kind served in two versions (no conversion webhook: strategy None). */
  static final String SWEEPS =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: roleassignmentsweeps.identity.operators.dev}
      spec:
        group: identity.operators.dev
        scope: Cluster
        names: {kind: RoleAssignmentSweep, plural: roleassignmentsweeps}
        versions:
          - name: v1alpha1
            served: true
            storage: true
            schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
          - name: v1beta1
            served: true
            storage: false
            schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
      """;

  static TestWebhookServer webhook;
  static EmbeddedKubernetes kube;

  @BeforeAll
  static void start() throws Exception {
    webhook = new TestWebhookServer("localhost", SERVICE_NAME);
    kube =
        EmbeddedKubernetes.builder()
            .crdResource(EmbeddedKubernetesFixture.CRD_RESOURCE)
            .crd(EmbeddedKubernetesClusterScopedTest.crd())
            .crd(new KubernetesSerialization().unmarshal(SWEEPS, CustomResourceDefinition.class))
            .namespace("team-a", "team-b")
            .webhookServiceResolver(
                (namespace, name, port) ->
                    namespace.equals("webhooks") && name.equals("identity-webhook") && port == 443
                        ? webhook.address()
                        : null)
            .start();
    kube.client()
        .namespaces()
        .withName("team-a")
        .edit(
            n ->
                new NamespaceBuilder(n)
                    .editMetadata()
                    .addToLabels("team", "a")
                    .endMetadata()
                    .build());
  }

  @AfterAll
  static void stop() {
    kube.close();
    webhook.close();
  }

  @AfterEach
  void removeConfigurations() {
    kube.client().admissionRegistration().v1().validatingWebhookConfigurations().delete();
    webhook.reset();
  }

  static HttpResponse<String> send(String method, String path, String type, String body)
      throws Exception {
    return EmbeddedKubernetesClusterScopedTest.send(kube, method, path, type, body);
  }

  /** Creates a configuration from YAML with {@code URL} and {@code CA} filled in. */
  static void configure(String yaml) throws Exception {
    String filled = yaml.replace("URL", webhook.url("/validate")).replace("CA", webhook.caBundle());
    String json =
        new KubernetesSerialization()
            .asJson(
                new KubernetesSerialization()
                    .unmarshal(filled, ValidatingWebhookConfiguration.class));
    HttpResponse<String> created = send("POST", CONFIGS, "application/json", json);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  static String config(String name, String failurePolicy, String rules) {
    return """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: %s}
        webhooks:
          - name: %s.identity.operators.dev
            clientConfig: {url: URL, caBundle: CA}
            failurePolicy: %s
            sideEffects: None
            admissionReviewVersions: [v1]
            rules: %s
        """
        .formatted(name, name, failurePolicy, rules);
  }

  static final String UAI_RULES =
      "[{operations: [CREATE, UPDATE], apiGroups: [identity.operators.dev], apiVersions: [\"*\"],"
          + " resources: [userassignedidentities]}]";

  static HttpResponse<String> createIdentity(String namespace, String name, String labels)
      throws Exception {
    return send(
        "POST",
        UAIS.formatted(namespace),
        "application/json",
        """
        {"apiVersion": "identity.operators.dev/v1alpha1", "kind": "UserAssignedIdentity",
         "metadata": {"name": "%s", "namespace": "%s", "labels": {%s}},
         "spec": {"resourceGroup": "rg-1", "location": "eastus"}}"""
            .formatted(name, namespace, labels));
  }

  static JsonNode json(String text) throws Exception {
    return EmbeddedKubernetesFixture.mapper.readTree(text);
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return EmbeddedKubernetesFixture.mapper.readTree(response.body());
  }
}
