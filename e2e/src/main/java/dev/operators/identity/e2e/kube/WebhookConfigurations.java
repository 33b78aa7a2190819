package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration} writes (cluster-scoped):
 * defaulted as the API server defaults them ({@code failurePolicy: Fail}, {@code matchPolicy:
 * Equivalent}, empty selectors, {@code timeoutSeconds: 10}, rule {@code scope: "*"}, service port
 * 443), then checked with {@link WebhookConfigurationRules} (422 Invalid with every cause), then
 * stored. Strategic merge patches are refused with 415, as for custom resources.
 */
final class WebhookConfigurations {

  static final String PATH =
      "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Function<String, Optional<String>> stored;
  private final Function<RecordedRequest, MockResponse> store;

  WebhookConfigurations(
      Function<String, Optional<String>> stored, Function<RecordedRequest, MockResponse> store) {
    this.stored = stored;
    this.store = store;
  }

  /** The stored configurations, by name (the order in which the API server calls them). */
  List<ValidatingWebhookConfiguration> all() {
    List<ValidatingWebhookConfiguration> all =
        stored
            .apply(PATH)
            .map(l -> SERIALIZATION.unmarshal(l, ValidatingWebhookConfigurationList.class))
            .map(ValidatingWebhookConfigurationList::getItems)
            .map(ArrayList::new)
            .orElseGet(ArrayList::new);
    all.sort(Comparator.comparing(c -> c.getMetadata().getName()));
    return all;
  }

  /** Handles a create, update or patch of a configuration; empty for every other request. */
  Optional<MockResponse> handle(RecordedRequest request, String path) {
    HttpMethod method = request.method();
    boolean object = path.startsWith(PATH + "/") && path.indexOf('/', PATH.length() + 1) < 0;
    boolean write =
        (method == HttpMethod.POST && path.equals(PATH))
            || ((method == HttpMethod.PUT || method == HttpMethod.PATCH) && object);
    if (!write) {
      return Optional.empty();
    }
    try {
      ObjectNode written;
      if (method == HttpMethod.PATCH) {
        Optional<String> current = stored.apply(path);
        if (current.isEmpty()) {
          return Optional.empty(); // the store's 404
        }
        written = CustomResourceWrites.patch(request, CustomResourceWrites.parse(current.get()));
      } else {
        written = CustomResourceWrites.parse(request.getUtf8Body());
      }
      ValidatingWebhookConfiguration configuration =
          SERIALIZATION.unmarshal(written.toString(), ValidatingWebhookConfiguration.class);
      withDefaults(configuration);
      List<StatusCause> causes = WebhookConfigurationRules.problems(configuration);
      if (!causes.isEmpty()) {
        String name =
            configuration.getMetadata() == null ? "" : configuration.getMetadata().getName();
        return Optional.of(
            EmbeddedKubernetesDispatcher.jsonResponse(
                422,
                StoreAnswers.invalid(
                    "ValidatingWebhookConfiguration",
                    "admissionregistration.k8s.io",
                    name,
                    causes)));
      }
      return Optional.of(
          store.apply(
              StoreAnswers.jsonRequest(
                  method == HttpMethod.POST ? HttpMethod.POST : HttpMethod.PUT,
                  path,
                  SERIALIZATION.asJson(configuration))));
    } catch (CustomResourceWrites.Refused refused) {
      return Optional.of(refused.response);
    }
  }

  /** The v1 defaults (k8s.io/kubernetes pkg/apis/admissionregistration/v1/defaults.go). */
  static void withDefaults(ValidatingWebhookConfiguration configuration) {
    if (configuration.getWebhooks() == null) {
      return;
    }
    for (ValidatingWebhook hook : configuration.getWebhooks()) {
      if (hook.getFailurePolicy() == null) {
        hook.setFailurePolicy("Fail");
      }
      if (hook.getMatchPolicy() == null) {
        hook.setMatchPolicy("Equivalent");
      }
      if (hook.getNamespaceSelector() == null) {
        hook.setNamespaceSelector(new LabelSelector());
      }
      if (hook.getObjectSelector() == null) {
        hook.setObjectSelector(new LabelSelector());
      }
      if (hook.getTimeoutSeconds() == null) {
        hook.setTimeoutSeconds(10);
      }
      if (hook.getRules() != null) {
        for (RuleWithOperations rule : hook.getRules()) {
          if (rule.getScope() == null) {
            rule.setScope("*");
          }
        }
      }
      if (hook.getClientConfig() != null
          && hook.getClientConfig().getService() != null
          && hook.getClientConfig().getService().getPort() == null) {
        hook.getClientConfig().getService().setPort(443);
      }
    }
  }

  static StatusCause cause(String reason, String field, String message) {
    return new StatusCauseBuilder()
        .withReason(reason)
        .withField(field)
        .withMessage(message)
        .build();
  }
}
