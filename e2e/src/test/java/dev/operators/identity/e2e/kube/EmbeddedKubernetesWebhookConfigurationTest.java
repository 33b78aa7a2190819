package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * ValidatingWebhookConfiguration objects: defaulted, validated
 * (pkg/apis/admissionregistration/validation), written with Fabric8 and listed in discovery.
 */
class EmbeddedKubernetesWebhookConfigurationTest extends WebhookFixture {

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
}
