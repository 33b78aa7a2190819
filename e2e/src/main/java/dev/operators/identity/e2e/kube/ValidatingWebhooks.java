package dev.operators.identity.e2e.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Validating admission webhooks called as kube-apiserver calls them (k8s.io/apiserver
 * pkg/admission/plugin/webhook/validating/dispatcher.go and generic/webhook.go): for each stored
 * configuration, by name, each webhook whose namespace selector (the namespace's labels; ignored
 * for cluster-scoped objects other than Namespaces), object selector (the new or the old object's
 * labels) and rules match is sent an AdmissionReview. A denial becomes the webhook's status ({@code
 * code} below 400 raised to 400, message {@code admission webhook "NAME" denied the request: ...},
 * errors/statuserror.go as of Kubernetes 1.32); a webhook that cannot be called, times out or
 * answers something that is no valid AdmissionReview fails the request with 500 {@code failed
 * calling webhook "NAME": ...} under {@code failurePolicy: Fail} and is skipped under Ignore; every
 * webhook's warnings are returned. The first refusal wins, as there.
 */
final class ValidatingWebhooks {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * What admission decided: a refusal (empty when allowed), and the warnings to send either way.
   */
  record Verdict(Optional<Status> refusal, List<String> warnings) {}

  private record Invocation(ValidatingWebhook hook, WebhookRequest.Match match) {}

  private final WebhookConfigurations configurations;
  private final Supplier<List<CustomResourceDefinition>> crds;
  private final Function<String, Optional<String>> stored;
  private final WebhookClient client;

  ValidatingWebhooks(
      WebhookConfigurations configurations,
      Supplier<List<CustomResourceDefinition>> crds,
      Function<String, Optional<String>> stored,
      WebhookClient client) {
    this.configurations = configurations;
    this.crds = crds;
    this.stored = stored;
    this.client = client;
  }

  /** Calls every webhook the request matches. */
  Verdict admit(WebhookRequest.Attributes attributes) {
    List<String> warnings = new ArrayList<>();
    if (WebhookRequest.exempt(attributes.path())) {
      return new Verdict(Optional.empty(), warnings);
    }
    List<ValidatingWebhookConfiguration> all = configurations.all();
    if (all.isEmpty()) {
      return new Verdict(Optional.empty(), warnings);
    }
    List<String> equivalents = equivalentVersions(attributes.path());
    List<Invocation> invocations = new ArrayList<>();
    for (ValidatingWebhookConfiguration configuration : all) {
      for (ValidatingWebhook hook : orEmpty(configuration.getWebhooks())) {
        Optional<Boolean> namespaceMatches = namespaceMatches(hook, attributes);
        if (namespaceMatches.isPresent() && !namespaceMatches.get()) {
          continue;
        }
        if (!LabelSelectors.isEmpty(hook.getObjectSelector())
            && !LabelSelectors.matches(
                hook.getObjectSelector(), attributes.labels(attributes.object()))
            && !LabelSelectors.matches(
                hook.getObjectSelector(), attributes.labels(attributes.oldObject()))) {
          continue;
        }
        Optional<WebhookRequest.Match> match = WebhookRequest.match(hook, attributes, equivalents);
        if (match.isEmpty()) {
          continue;
        }
        if (namespaceMatches.isEmpty()) {
          // the namespace is not there: the API server answers 404 for it
          return new Verdict(
              Optional.of(namespaceNotFound(attributes.path().admissionNamespace())), warnings);
        }
        invocations.add(new Invocation(hook, match.get()));
      }
    }
    Optional<Status> refusal = Optional.empty();
    for (Invocation invocation : invocations) {
      Optional<Status> result = call(invocation, attributes, warnings);
      if (refusal.isEmpty()) {
        refusal = result;
      }
    }
    return new Verdict(refusal, warnings);
  }

  private Optional<Status> call(
      Invocation invocation, WebhookRequest.Attributes attributes, List<String> warnings) {
    ValidatingWebhook hook = invocation.hook();
    String uid = UUID.randomUUID().toString();
    String version = AdmissionReviews.reviewVersion(hook.getAdmissionReviewVersions());
    String body = AdmissionReviews.request(uid, version, attributes, invocation.match());
    int timeout = hook.getTimeoutSeconds() == null ? 10 : hook.getTimeoutSeconds();
    try {
      WebhookClient.Answer answer = client.post(hook.getClientConfig(), timeout, body);
      if (answer.status() / 100 != 2) {
        return failed(hook, "failed to call webhook: " + httpError(answer));
      }
      AdmissionReviews.Answer review = AdmissionReviews.answer(uid, version, answer.body());
      warnings.addAll(review.warnings());
      return review.allowed()
          ? Optional.empty()
          : Optional.of(denied(hook.getName(), review.status()));
    } catch (WebhookClient.CallFailure | AdmissionReviews.InvalidAnswer e) {
      return failed(hook, e.getMessage());
    }
  }

  /** errors/statuserror.go ToStatusErr (Kubernetes 1.32). */
  static Status denied(String webhook, Status result) {
    Status status =
        result == null
            ? new StatusBuilder().withStatus("Failure").build()
            : SERIALIZATION.clone(result);
    if (status.getCode() == null || status.getCode() < 400) {
      status.setCode(400);
    }
    if (status.getStatus() == null
        || status.getStatus().isEmpty()
        || "Success".equals(status.getStatus())) {
      status.setStatus("Failure");
    }
    String deniedBy = "admission webhook \"" + webhook + "\" denied the request";
    if (status.getMessage() != null && !status.getMessage().isEmpty()) {
      status.setMessage(deniedBy + ": " + status.getMessage());
    } else if (status.getReason() != null && !status.getReason().isEmpty()) {
      status.setMessage(deniedBy + ": " + status.getReason());
    } else {
      status.setMessage(deniedBy + " without explanation");
    }
    status.setApiVersion("v1");
    status.setKind("Status");
    return status;
  }

  /**
   * A webhook that could not be called: ignored, or 500 InternalError (apierrors.NewInternalError).
   */
  private static Optional<Status> failed(ValidatingWebhook hook, String reason) {
    if ("Ignore".equals(hook.getFailurePolicy())) {
      return Optional.empty();
    }
    String error = "failed calling webhook \"" + hook.getName() + "\": " + reason;
    return Optional.of(
        new StatusBuilder()
            .withApiVersion("v1")
            .withKind("Status")
            .withStatus("Failure")
            .withMessage("Internal error occurred: " + error)
            .withReason("InternalError")
            .withCode(500)
            .withNewDetails()
            .withCauses(new StatusCauseBuilder().withMessage(error).build())
            .endDetails()
            .build());
  }

  /** client-go's words for a non-2xx answer that is no Status. */
  private static String httpError(WebhookClient.Answer answer) {
    if (answer.status() >= 500) {
      return "an error on the server (\""
          + answer.body().strip()
          + "\") has prevented the request from succeeding";
    }
    return "the server responded with the status code "
        + answer.status()
        + " but did not return more information";
  }

  /**
   * Whether the namespace selector selects the request; empty when the namespace does not exist.
   * (predicates/namespace/matcher.go: cluster-scoped objects other than Namespaces always match; a
   * Namespace being created or updated is matched by its own new labels.)
   */
  private Optional<Boolean> namespaceMatches(
      ValidatingWebhook hook, WebhookRequest.Attributes attributes) {
    ApiPath path = attributes.path();
    String namespace = path.admissionNamespace();
    boolean namespaces = path.group().isEmpty() && path.resource().equals("namespaces");
    if ((namespace.isEmpty() && !namespaces)
        || LabelSelectors.isEmpty(hook.getNamespaceSelector())) {
      return Optional.of(true);
    }
    Map<String, String> labels;
    if (namespaces
        && path.subresource().isEmpty()
        && (attributes.operation().equals("CREATE") || attributes.operation().equals("UPDATE"))) {
      labels = attributes.labels(attributes.object());
    } else {
      Optional<String> found = stored.apply("/api/v1/namespaces/" + namespace);
      if (found.isEmpty()) {
        return Optional.empty();
      }
      labels = attributes.labels(CustomResourceWrites.parse(found.get()));
    }
    return Optional.of(LabelSelectors.matches(hook.getNamespaceSelector(), labels));
  }

  /** The other served versions of a custom resource the API server can convert to by itself. */
  private List<String> equivalentVersions(ApiPath path) {
    for (CustomResourceDefinition crd : crds.get()) {
      boolean same =
          crd.getSpec().getGroup().equals(path.group())
              && crd.getSpec().getNames().getPlural().equals(path.resource());
      boolean convertible =
          crd.getSpec().getConversion() == null
              || crd.getSpec().getConversion().getStrategy() == null
              || "None".equals(crd.getSpec().getConversion().getStrategy());
      if (same && convertible) {
        return crd.getSpec().getVersions().stream()
            .filter(v -> Boolean.TRUE.equals(v.getServed()))
            .map(CustomResourceDefinitionVersion::getName)
            .toList();
      }
    }
    return List.of();
  }

  private static Status namespaceNotFound(String namespace) {
    return new StatusBuilder()
        .withApiVersion("v1")
        .withKind("Status")
        .withStatus("Failure")
        .withMessage("namespaces \"" + namespace + "\" not found")
        .withReason("NotFound")
        .withCode(404)
        .withNewDetails()
        .withName(namespace)
        .withKind("namespaces")
        .endDetails()
        .build();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
