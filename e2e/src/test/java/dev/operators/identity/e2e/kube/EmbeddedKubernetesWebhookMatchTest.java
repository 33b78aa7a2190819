package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Which webhooks a request goes to, as kube-apiserver decides it (predicates/rules,
 * predicates/namespace, predicates/object, generic/webhook.go).
 */
class EmbeddedKubernetesWebhookMatchTest extends WebhookFixture {

  @Test
  void theNamespaceSelectorReadsTheNamespacesLabelsIncludingItsNameLabel() throws Exception {
    configure(
        config("by-namespace", "Fail", UAI_RULES)
            + "    namespaceSelector: {matchLabels: {team: a}}\n");

    assertThat(createIdentity("team-b", "ns-1", "").statusCode()).isEqualTo(201);
    assertThat(webhook.received()).isEmpty();
    assertThat(createIdentity("team-a", "ns-1", "").statusCode()).isEqualTo(201);
    assertThat(webhook.received()).hasSize(1);

    kube.client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("team-c").endMetadata().build())
        .create();
    assertThat(kube.client().namespaces().withName("team-c").get().getMetadata().getLabels())
        .containsEntry("kubernetes.io/metadata.name", "team-c");
    removeConfigurations();
    configure(
        config("by-name", "Fail", UAI_RULES)
            + "    namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name,"
            + " operator: In, values: [team-c]}]}\n");
    assertThat(createIdentity("team-a", "ns-2", "").statusCode()).isEqualTo(201);
    assertThat(createIdentity("team-c", "ns-2", "").statusCode()).isEqualTo(201);
    assertThat(webhook.received())
        .extracting(c -> c.review().path("request").path("namespace").asText())
        .containsExactly("team-c");
  }

  @Test
  void theObjectSelectorReadsTheObjectsLabels() throws Exception {
    configure(
        config("by-label", "Fail", UAI_RULES)
            + "    objectSelector: {matchLabels: {guarded: \"true\"}}\n");

    assertThat(createIdentity("team-a", "plain-1", "").statusCode()).isEqualTo(201);
    assertThat(createIdentity("team-a", "guarded-1", "\"guarded\": \"true\"").statusCode())
        .isEqualTo(201);

    assertThat(webhook.received())
        .extracting(c -> c.review().path("request").path("name").asText())
        .containsExactly("guarded-1");
  }

  @Test
  void ruleScopeTellsClusterScopedFromNamespacedObjects() throws Exception {
    String rules =
        "[{operations: [CREATE], apiGroups: [identity.operators.dev], apiVersions: [v1alpha1],"
            + " resources: [userassignedidentities, identitypolicies], scope: %s}]";
    configure(config("namespaced", "Fail", rules.formatted("Namespaced")));
    configure(config("cluster", "Fail", rules.formatted("Cluster")));

    assertThat(createIdentity("team-a", "scoped-1", "").statusCode()).isEqualTo(201);
    assertThat(
            send(
                    "POST",
                    POLICIES,
                    "application/json",
                    EmbeddedKubernetesClusterScopedTest.policy("scoped-1", "{}"))
                .statusCode())
        .isEqualTo(201);

    assertThat(webhook.received())
        .extracting(
            c ->
                c.review().path("request").path("resource").path("resource").asText()
                    + " "
                    + c.review().path("request").path("namespace").asText("-"))
        .containsExactly("userassignedidentities team-a", "identitypolicies -");
  }

  @Test
  void theStatusSubresourceIsAdmittedOnlyWhereARuleNamesIt() throws Exception {
    assertThat(createIdentity("team-a", "status-1", "").statusCode()).isEqualTo(201);
    configure(config("main", "Fail", UAI_RULES));
    String status = UAIS.formatted("team-a") + "/status-1/status";
    String patch = "{\"status\": {\"observedGeneration\": 1}}";

    assertThat(send("PATCH", status, "application/merge-patch+json", patch).statusCode())
        .isEqualTo(200);
    assertThat(webhook.received()).isEmpty();

    configure(
        config(
            "status",
            "Fail",
            "[{operations: [UPDATE], apiGroups: [identity.operators.dev], apiVersions: [\"*\"],"
                + " resources: [userassignedidentities/status]}]"));
    assertThat(send("PATCH", status, "application/merge-patch+json", patch).statusCode())
        .isEqualTo(200);
    assertThat(webhook.received()).hasSize(1);
    JsonNode request = webhook.received().get(0).review().path("request");
    assertThat(request.path("subResource").asText()).isEqualTo("status");
    assertThat(request.path("requestSubResource").asText()).isEqualTo("status");
    assertThat(request.path("operation").asText()).isEqualTo("UPDATE");
    assertThat(request.path("options").path("kind").asText()).isEqualTo("UpdateOptions");
    assertThat(request.path("oldObject").path("metadata").path("name").asText())
        .isEqualTo("status-1");
  }

  @Test
  void aDeleteIsAdmittedWithTheOldObjectAndADeniedDeleteKeepsTheObject() throws Exception {
    assertThat(createIdentity("team-a", "delete-1", "").statusCode()).isEqualTo(201);
    configure(
        config(
            "no-delete",
            "Fail",
            "[{operations: [DELETE], apiGroups: [identity.operators.dev], apiVersions: [\"*\"],"
                + " resources: [\"*\"]}]"));
    webhook.answer(
        r ->
            TestWebhookServer.response(
                r, "\"allowed\": false, \"status\": {\"message\": \"keep it\"}"));

    HttpResponse<String> denied =
        send("DELETE", UAIS.formatted("team-a") + "/delete-1", null, null);

    assertThat(denied.statusCode()).isEqualTo(400);
    assertThat(json(denied).path("message").asText()).endsWith("denied the request: keep it");
    JsonNode request = webhook.received().get(0).review().path("request");
    assertThat(request.path("operation").asText()).isEqualTo("DELETE");
    assertThat(request.path("object").isMissingNode() || request.path("object").isNull()).isTrue();
    assertThat(request.path("oldObject").path("spec").path("location").asText())
        .isEqualTo("eastus");
    assertThat(request.path("options").path("kind").asText()).isEqualTo("DeleteOptions");
    assertThat(send("GET", UAIS.formatted("team-a") + "/delete-1", null, null).statusCode())
        .isEqualTo(200);

    webhook.reset();
    assertThat(send("DELETE", UAIS.formatted("team-a") + "/delete-1", null, null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void anEquivalentMatchSendsTheObjectInTheVersionTheRuleNamesAnExactOneDoesNot() throws Exception {
    String rules =
        "[{operations: [CREATE], apiGroups: [identity.operators.dev], apiVersions: [v1beta1],"
            + " resources: [roleassignmentsweeps]}]";
    configure(config("equivalent", "Fail", rules));
    configure(config("exact", "Fail", rules) + "    matchPolicy: Exact\n");

    HttpResponse<String> created =
        send(
            "POST",
            "/apis/identity.operators.dev/v1alpha1/roleassignmentsweeps",
            "application/json",
            """
            {"apiVersion": "identity.operators.dev/v1alpha1", "kind": "RoleAssignmentSweep",
             "metadata": {"name": "sweep-1"}, "spec": {"mode": "Report"}}""");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(webhook.received()).hasSize(1);
    JsonNode request = webhook.received().get(0).review().path("request");
    assertThat(request.path("kind").path("version").asText()).isEqualTo("v1beta1");
    assertThat(request.path("resource").path("version").asText()).isEqualTo("v1beta1");
    assertThat(request.path("requestKind").path("version").asText()).isEqualTo("v1alpha1");
    assertThat(request.path("requestResource").path("version").asText()).isEqualTo("v1alpha1");
    assertThat(request.path("object").path("apiVersion").asText())
        .isEqualTo("identity.operators.dev/v1beta1");
  }

  @Test
  void aWebhookCannotLockItselfIn() throws Exception {
    configure(
        config(
            "everything",
            "Fail",
            "[{operations: [\"*\"], apiGroups: [\"*\"], apiVersions: [\"*\"], resources: [\"*/*\"]}]"));
    webhook.answer(r -> TestWebhookServer.response(r, "\"allowed\": false"));

    assertThat(createIdentity("team-a", "locked-1", "").statusCode()).isEqualTo(400);
    assertThat(
            kube.client()
                .admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .withName("everything")
                .delete())
        .as("webhook configurations are exempt from webhooks")
        .hasSize(1);
    assertThat(createIdentity("team-a", "locked-1", "").statusCode()).isEqualTo(201);
  }
}
