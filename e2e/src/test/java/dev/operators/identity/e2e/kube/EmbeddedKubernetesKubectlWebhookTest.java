package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kubectl meets a validating webhook of the embedded API as it would meet one on a cluster. */
class EmbeddedKubernetesKubectlWebhookTest extends KubectlFixture {

  static TestWebhookServer webhook;

  @BeforeAll
  static void startWebhook() throws Exception {
    webhook = new TestWebhookServer("localhost");
  }

  @AfterAll
  static void stopWebhook() {
    if (webhook != null) {
      webhook.close();
    }
  }

  @Test
  void kubectlAppliesAConfigurationAndShowsTheWebhooksDenialAndWarnings() throws Exception {
    Path config = dir.resolve("webhook.yaml");
    Files.writeString(
        config,
        """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingWebhookConfiguration
        metadata: {name: identity-policy}
        webhooks:
          - name: policy.identity.operators.dev
            clientConfig: {url: "%s", caBundle: %s}
            sideEffects: None
            admissionReviewVersions: [v1]
            rules:
              - operations: [CREATE, UPDATE]
                apiGroups: [identity.operators.dev]
                apiVersions: ["*"]
                resources: [userassignedidentities]
        """
            .formatted(webhook.url("/validate"), webhook.caBundle()));
    ok("apply", "-f", config.toString());
    assertThat(ok("api-resources", "--api-group=admissionregistration.k8s.io").stdout())
        .contains("validatingwebhookconfigurations");
    assertThat(ok("get", "validatingwebhookconfigurations").stdout()).contains("identity-policy");

    webhook.answer(
        r ->
            TestWebhookServer.response(
                r,
                "\"allowed\": false, \"warnings\": [\"policy team-a-strict applies\"],"
                    + " \"status\": {\"message\": \"role Owner is refused in team-a\"}"));
    Path identity = dir.resolve("identity.yaml");
    Files.writeString(
        identity,
        """
        apiVersion: identity.operators.dev/v1alpha1
        kind: UserAssignedIdentity
        metadata: {name: owner-1, namespace: team-a}
        spec: {resourceGroup: rg-1, location: eastus}
        """);

    Result denied = kubectl("apply", "-f", identity.toString());

    assertThat(denied.exitCode()).isNotZero();
    assertThat(denied.stderr())
        .contains("Warning: policy team-a-strict applies")
        .contains(
            "admission webhook \"policy.identity.operators.dev\" denied the request: role Owner is"
                + " refused in team-a");
    assertThat(kubectl("get", "uai", "-n", "team-a", "owner-1").exitCode()).isNotZero();

    webhook.reset();
    ok("apply", "-f", identity.toString());
    assertThat(webhook.received()).hasSize(1);
  }
}
