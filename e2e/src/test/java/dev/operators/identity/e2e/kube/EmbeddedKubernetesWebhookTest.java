package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validating admission webhooks in the embedded API, against a real HTTPS webhook ({@link
 * TestWebhookServer}): what the AdmissionReview holds, when a webhook is called (rules, scope,
 * subresources, namespace and object selectors), and what the client sees for an allowed, denied,
 * failed or timed-out call, as kube-apiserver 1.32 does it.
 */
class EmbeddedKubernetesWebhookTest {

  static final String UAIS =
      "/apis/identity.operators.dev/v1alpha1/namespaces/%s/userassignedidentities";
  static final String POLICIES = EmbeddedKubernetesClusterScopedTest.COLLECTION;
  static final String CONFIGS = WebhookConfigurations.PATH;
  static final String SERVICE_NAME = "identity-webhook.webhooks.svc";

  static TestWebhookServer webhook;
  static EmbeddedKubernetes kube;

  @BeforeAll
  static void start() throws Exception {
    webhook = new TestWebhookServer("localhost", SERVICE_NAME);
    kube =
        EmbeddedKubernetes.builder()
            .crdResource(EmbeddedKubernetesFixture.CRD_RESOURCE)
            .crd(EmbeddedKubernetesClusterScopedTest.crd())
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

  @Test
  void anAllowedCreateIsStoredAndTheWebhookGetsTheReviewARealServerSends() throws Exception {
    configure(config("allow", "Fail", UAI_RULES));

    HttpResponse<String> created = createIdentity("team-a", "allowed-1", "");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(webhook.received()).hasSize(1);
    TestWebhookServer.Received call = webhook.received().get(0);
    assertThat(call.uri()).isEqualTo("/validate?timeout=10s");
    JsonNode review = call.review();
    assertThat(review.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(review.path("kind").asText()).isEqualTo("AdmissionReview");
    JsonNode request = review.path("request");
    assertThat(request.path("uid").asText()).hasSize(36);
    assertThat(request.path("kind"))
        .isEqualTo(
            json(
                "{\"group\": \"identity.operators.dev\", \"version\": \"v1alpha1\","
                    + " \"kind\": \"UserAssignedIdentity\"}"));
    assertThat(request.path("resource"))
        .isEqualTo(
            json(
                "{\"group\": \"identity.operators.dev\", \"version\": \"v1alpha1\","
                    + " \"resource\": \"userassignedidentities\"}"));
    assertThat(request.path("requestKind")).isEqualTo(request.path("kind"));
    assertThat(request.path("requestResource")).isEqualTo(request.path("resource"));
    assertThat(request.has("subResource")).isFalse();
    assertThat(request.path("name").asText()).isEqualTo("allowed-1");
    assertThat(request.path("namespace").asText()).isEqualTo("team-a");
    assertThat(request.path("operation").asText()).isEqualTo("CREATE");
    assertThat(request.path("userInfo").path("username").asText())
        .isEqualTo(EmbeddedKubernetes.USER);
    assertThat(request.path("userInfo").path("groups").toString()).contains("system:masters");
    assertThat(request.path("dryRun").asBoolean(true)).isFalse();
    assertThat(request.path("options").path("kind").asText()).isEqualTo("CreateOptions");
    assertThat(request.path("oldObject").isMissingNode() || request.path("oldObject").isNull())
        .isTrue();
    assertThat(request.path("object").path("spec").path("location").asText()).isEqualTo("eastus");
    assertThat(request.path("object").path("spec").path("isolationScope").asText())
        .as("the webhook sees the object after schema defaulting")
        .isEqualTo("None");
  }

  @Test
  void anObjectTheSchemaRefusesNeverReachesTheWebhook() throws Exception {
    configure(config("schema-first", "Fail", UAI_RULES));

    HttpResponse<String> refused =
        send(
            "POST",
            UAIS.formatted("team-a"),
            "application/json",
            """
            {"apiVersion": "identity.operators.dev/v1alpha1", "kind": "UserAssignedIdentity",
             "metadata": {"name": "invalid-1"}, "spec": {"location": "East US"}}""");

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(webhook.received()).isEmpty();
  }

  @Test
  void aDenialWithoutCodeIs400WithTheWebhooksMessageAndNothingIsStored() throws Exception {
    configure(config("deny", "Fail", UAI_RULES));
    webhook.answer(
        r ->
            TestWebhookServer.response(
                r,
                "\"allowed\": false, \"status\": {\"message\": \"eastus is not allowed here\"}"));

    HttpResponse<String> denied = createIdentity("team-a", "denied-1", "");

    assertThat(denied.statusCode()).isEqualTo(400);
    JsonNode status = json(denied);
    assertThat(status.path("status").asText()).isEqualTo("Failure");
    assertThat(status.path("message").asText())
        .isEqualTo(
            "admission webhook \"deny.identity.operators.dev\" denied the request: eastus is not"
                + " allowed here");
    assertThat(send("GET", UAIS.formatted("team-a") + "/denied-1", null, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aDenialKeepsTheWebhooksCodeAndReasonAndADenialWithoutMessageSaysSo() throws Exception {
    configure(config("deny-code", "Fail", UAI_RULES));
    webhook.answer(
        r ->
            TestWebhookServer.response(
                r, "\"allowed\": false, \"status\": {\"code\": 403, \"reason\": \"Forbidden\"}"));

    HttpResponse<String> denied = createIdentity("team-a", "denied-2", "");

    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(json(denied).path("reason").asText()).isEqualTo("Forbidden");
    assertThat(json(denied).path("message").asText())
        .isEqualTo(
            "admission webhook \"deny-code.identity.operators.dev\" denied the request: Forbidden");
  }

  @Test
  void warningsComeBackAsWarningHeadersAllowedOrNot() throws Exception {
    configure(config("warn", "Fail", UAI_RULES));
    webhook.answer(
        r ->
            TestWebhookServer.response(
                r,
                "\"allowed\": true, \"warnings\": [\"role \\\"Owner\\\" is broad\", \"second\"]"));

    HttpResponse<String> created = createIdentity("team-a", "warned-1", "");

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().allValues("Warning"))
        .containsExactly("299 - \"role \\\"Owner\\\" is broad\"", "299 - \"second\"");
  }

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
  void anUnreachableWebhookFailsTheWriteUnderFailAndIsSkippedUnderIgnore() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String url = "https://127.0.0.1:" + closed + "/validate";
    configure(config("down", "Fail", UAI_RULES).replace("URL", url));

    HttpResponse<String> failed = createIdentity("team-a", "down-1", "");

    assertThat(failed.statusCode()).isEqualTo(500);
    JsonNode status = json(failed);
    assertThat(status.path("reason").asText()).isEqualTo("InternalError");
    assertThat(status.path("message").asText())
        .isEqualTo(
            "Internal error occurred: failed calling webhook \"down.identity.operators.dev\":"
                + " failed to call webhook: Post \""
                + url
                + "?timeout=10s\": dial tcp 127.0.0.1:"
                + closed
                + ": connect: connection refused");

    removeConfigurations();
    configure(config("down", "Ignore", UAI_RULES).replace("URL", url));
    assertThat(createIdentity("team-a", "down-1", "").statusCode()).isEqualTo(201);
  }

  @Test
  void aServerCertificateTheCaBundleDoesNotVouchForIsACallFailure() throws Exception {
    try (TestWebhookServer other = new TestWebhookServer("localhost")) {
      configure(config("wrong-ca", "Fail", UAI_RULES).replace("CA", other.caBundle()));

      HttpResponse<String> failed = createIdentity("team-a", "ca-1", "");

      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(json(failed).path("message").asText())
          .contains("failed calling webhook \"wrong-ca.identity.operators.dev\"")
          .contains("x509: certificate signed by unknown authority");
      assertThat(webhook.received()).isEmpty();
    }
  }

  @Test
  void aServiceReferenceIsReachedThroughTheResolverAndVerifiedForItsDnsName() throws Exception {
    String service =
        """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: %s}
        webhooks:
          - name: service.identity.operators.dev
            clientConfig:
              service: {namespace: webhooks, name: %s, path: /validate}
              caBundle: CA
            sideEffects: None
            admissionReviewVersions: [v1]
            rules: %s
        """;
    configure(service.formatted("by-service", "identity-webhook", UAI_RULES));

    assertThat(createIdentity("team-a", "service-1", "").statusCode()).isEqualTo(201);
    assertThat(webhook.received())
        .extracting(TestWebhookServer.Received::uri)
        .containsExactly("/validate?timeout=10s");

    // the same server behind another Service name: its certificate is not valid for that name
    removeConfigurations();
    try (TestWebhookServer unnamed = new TestWebhookServer("localhost")) {
      EmbeddedKubernetes other =
          EmbeddedKubernetes.builder()
              .crdResource(EmbeddedKubernetesFixture.CRD_RESOURCE)
              .namespace("team-a")
              .webhookServiceResolver((ns, name, port) -> unnamed.address())
              .start();
      try (other) {
        String yaml =
            service
                .formatted("by-service", "identity-webhook", UAI_RULES)
                .replace("CA", unnamed.caBundle());
        String json =
            new KubernetesSerialization()
                .asJson(
                    new KubernetesSerialization()
                        .unmarshal(yaml, ValidatingWebhookConfiguration.class));
        assertThat(
                EmbeddedKubernetesClusterScopedTest.send(
                        other, "POST", CONFIGS, "application/json", json)
                    .statusCode())
            .isEqualTo(201);
        HttpResponse<String> failed =
            EmbeddedKubernetesClusterScopedTest.send(
                other,
                "POST",
                UAIS.formatted("team-a"),
                "application/json",
                """
                {"apiVersion": "identity.operators.dev/v1alpha1", "kind": "UserAssignedIdentity",
                 "metadata": {"name": "service-2"}, "spec": {"resourceGroup": "rg-1", "location": "eastus"}}""");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(json(failed).path("message").asText())
            .contains("Post \"https://" + SERVICE_NAME + ":443/validate?timeout=10s\"")
            .contains("x509: certificate is not valid for " + SERVICE_NAME);
        assertThat(unnamed.received()).isEmpty();
      }
    }
  }

  @Test
  void aWebhookThatDoesNotAnswerWithinItsTimeoutIsACallFailure() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    webhook.answer(
        r -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return TestWebhookServer.allow(r);
        });
    configure(config("slow", "Fail", UAI_RULES) + "    timeoutSeconds: 1\n");
    try {
      long start = System.nanoTime();
      HttpResponse<String> failed = createIdentity("team-a", "slow-1", "");

      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(json(failed).path("message").asText())
          .contains(
              "Post \"" + webhook.url("/validate") + "?timeout=1s\": context deadline exceeded");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    } finally {
      release.countDown();
    }
  }

  @Test
  void anAnswerForAnotherUidOrNoReviewAtAllIsACallFailure() throws Exception {
    configure(config("liar", "Fail", UAI_RULES));
    webhook.answer(
        r ->
            new TestWebhookServer.Reply(
                200,
                "{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\","
                    + " \"response\": {\"uid\": \"not-yours\", \"allowed\": true}}"));

    HttpResponse<String> wrongUid = createIdentity("team-a", "liar-1", "");

    assertThat(wrongUid.statusCode()).isEqualTo(500);
    assertThat(json(wrongUid).path("message").asText())
        .contains("received invalid webhook response: expected response.uid=\"")
        .contains("got \"not-yours\"");

    webhook.answer(r -> new TestWebhookServer.Reply(200, "<html>hello</html>"));
    HttpResponse<String> garbage = createIdentity("team-a", "liar-1", "");
    assertThat(garbage.statusCode()).isEqualTo(500);
    assertThat(json(garbage).path("message").asText()).contains("json parse error");
  }

  @Test
  void configurationsAreDefaultedAndRefusedAsTheApiServerRefusesThem() throws Exception {
    configure(config("defaults", "Fail", UAI_RULES).replace("    failurePolicy: Fail\n", ""));
    ValidatingWebhookConfiguration stored =
        kube.client()
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName("defaults")
            .get();
    var hook = stored.getWebhooks().get(0);
    assertThat(hook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(hook.getMatchPolicy()).isEqualTo("Equivalent");
    assertThat(hook.getTimeoutSeconds()).isEqualTo(10);
    assertThat(hook.getRules().get(0).getScope()).isEqualTo("*");
    assertThat(
            kube.client()
                .admissionRegistration()
                .v1()
                .validatingWebhookConfigurations()
                .list()
                .getItems())
        .hasSize(1);

    String bad =
        """
        {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
         "metadata": {"name": "bad"},
         "webhooks": [{"name": "short.dev", "sideEffects": "Some", "admissionReviewVersions": ["v2"],
                       "timeoutSeconds": 31, "clientConfig": {"url": "http://127.0.0.1/x"},
                       "rules": [{"operations": ["CREATE", "*"], "apiGroups": [""],
                                  "apiVersions": ["v1"], "resources": ["*", "pods"]}]},
                      {"name": "no.side.effects", "clientConfig": {"service": {"name": "x"}}}]}""";
    HttpResponse<String> refused = send("POST", CONFIGS, "application/json", bad);

    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(json(refused).path("message").asText())
        .startsWith(
            "ValidatingWebhookConfiguration.admissionregistration.k8s.io \"bad\" is invalid: [")
        .contains(
            "webhooks[0].name: Invalid value: \"short.dev\": should be a domain with at least three"
                + " segments separated by dots")
        .contains(
            "webhooks[0].sideEffects: Unsupported value: \"Some\": supported values: \"None\","
                + " \"NoneOnDryRun\"")
        .contains(
            "webhooks[0].admissionReviewVersions: Invalid value: []string{\"v2\"}: must include at"
                + " least one of v1, v1beta1")
        .contains(
            "webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds")
        .contains(
            "webhooks[0].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme")
        .contains(
            "webhooks[0].rules[0].operations: Invalid value: []string{\"CREATE\", \"*\"}: if '*' is present")
        .contains("if '*' is present, must not specify other resources without subresources")
        .contains("webhooks[1].sideEffects: Required value: must specify one of None, NoneOnDryRun")
        .contains("webhooks[1].admissionReviewVersions: Required value")
        .contains(
            "webhooks[1].clientConfig.service.namespace: Required value: service namespace is required");
    assertThat(send("GET", CONFIGS + "/bad", null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void configurationsAreWrittenWithFabric8AndListedInDiscovery() throws Exception {
    configure(config("crud", "Fail", UAI_RULES));
    var configs = kube.client().admissionRegistration().v1().validatingWebhookConfigurations();

    configs
        .withName("crud")
        .edit(
            c -> {
              c.getWebhooks().get(0).setTimeoutSeconds(5);
              return c;
            });
    assertThat(configs.withName("crud").get().getWebhooks().get(0).getTimeoutSeconds())
        .isEqualTo(5);
    HttpResponse<String> patched =
        send(
            "PATCH",
            CONFIGS + "/crud",
            "application/merge-patch+json",
            "{\"metadata\": {\"labels\": {\"app\": \"identity\"}}}");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(configs.withName("crud").get().getMetadata().getLabels())
        .containsEntry("app", "identity");
    HttpResponse<String> strategic =
        send("PATCH", CONFIGS + "/crud", "application/strategic-merge-patch+json", "{}");
    assertThat(strategic.statusCode()).isEqualTo(415);

    HttpResponse<String> discovery =
        send("GET", "/apis/admissionregistration.k8s.io/v1", null, null);
    assertThat(json(discovery).path("resources"))
        .extracting(r -> r.path("name").asText() + " " + r.path("namespaced").asBoolean())
        .contains("validatingwebhookconfigurations false");

    assertThat(configs.withName("crud").delete()).hasSize(1);
    assertThat(configs.list().getItems()).isEmpty();
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
