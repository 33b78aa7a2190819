package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a webhook is sent and what the client sees for an allowed, denied, failed or timed-out call,
 * as kube-apiserver 1.32 does it (validating/dispatcher.go, errors/statuserror.go,
 * request/admissionreview.go).
 */
class EmbeddedKubernetesWebhookCallTest extends WebhookFixture {

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
}
