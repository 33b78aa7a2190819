package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.GroupVersionKindBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.GroupVersionResourceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code admission.k8s.io} AdmissionReview a real API server sends, and its check of the answer
 * (k8s.io/apiserver pkg/admission/plugin/webhook/request/admissionreview.go): the review version is
 * the first of the webhook's {@code admissionReviewVersions} the server knows (v1, v1beta1; both
 * have the same fields); {@code kind}/{@code resource} are what the webhook's rule matched (another
 * version under {@code matchPolicy: Equivalent}), {@code requestKind}/{@code requestResource} what
 * was asked for; a v1 answer must be a v1 AdmissionReview with the request's uid and no patch.
 */
final class AdmissionReviews {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A webhook's answer, once it passed the checks. */
  record Answer(boolean allowed, Status status, List<String> warnings) {}

  /** The answer was no valid AdmissionReview response; the message says why. */
  static final class InvalidAnswer extends Exception {
    InvalidAnswer(String message) {
      super(message, null, false, false);
    }
  }

  private AdmissionReviews() {}

  /** The review version the server sends: the first one it knows, in the webhook's order. */
  static String reviewVersion(List<String> admissionReviewVersions) {
    return admissionReviewVersions.stream()
        .filter(v -> v.equals("v1") || v.equals("v1beta1"))
        .findFirst()
        .orElse("v1");
  }

  /** The request body for one webhook call. */
  static String request(
      String uid,
      String reviewVersion,
      WebhookRequest.Attributes attributes,
      WebhookRequest.Match match) {
    AdmissionRequest request = new AdmissionRequest();
    request.setUid(uid);
    request.setKind(gvk(match.group(), match.version(), attributes.kind()));
    request.setResource(gvr(match.group(), match.version(), attributes.path().resource()));
    request.setSubResource(emptyToNull(attributes.path().subresource()));
    ApiPath path = attributes.path();
    request.setRequestKind(gvk(path.group(), path.version(), attributes.kind()));
    request.setRequestResource(gvr(path.group(), path.version(), path.resource()));
    request.setRequestSubResource(emptyToNull(path.subresource()));
    request.setName(emptyToNull(attributes.name()));
    request.setNamespace(emptyToNull(path.admissionNamespace()));
    request.setOperation(attributes.operation());
    UserInfo user = new UserInfo();
    user.setUsername(EmbeddedKubernetes.USER);
    user.setGroups(AccessReviews.GROUPS);
    request.setUserInfo(user);
    request.setObject(match.convert(attributes.object()));
    request.setOldObject(match.convert(attributes.oldObject()));
    request.setDryRun(false);
    request.setOptions(attributes.options());
    AdmissionReview review = new AdmissionReview();
    review.setApiVersion("admission.k8s.io/" + reviewVersion);
    review.setKind("AdmissionReview");
    review.setRequest(request);
    return SERIALIZATION.asJson(review);
  }

  /** Reads and checks the webhook's answer to the review with {@code uid}. */
  static Answer answer(String uid, String reviewVersion, String body) throws InvalidAnswer {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      String first = String.valueOf(e.getOriginalMessage());
      throw new InvalidAnswer(
          "failed to call webhook: couldn't get version/kind; json parse error: " + first);
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidAnswer(
          "failed to call webhook: couldn't get version/kind; json parse error");
    }
    AdmissionReview review = SERIALIZATION.unmarshal(body, AdmissionReview.class);
    String invalid = "received invalid webhook response: ";
    AdmissionResponse response = review.getResponse();
    if (response == null) {
      throw new InvalidAnswer(invalid + "webhook response was absent");
    }
    if (reviewVersion.equals("v1")) {
      if (!uid.equals(response.getUid())) {
        throw new InvalidAnswer(
            invalid
                + "expected response.uid=\""
                + uid
                + "\", got \""
                + (response.getUid() == null ? "" : response.getUid())
                + "\"");
      }
      String gvk = String.valueOf(review.getApiVersion()) + ", Kind=" + review.getKind();
      if (!"admission.k8s.io/v1".equals(review.getApiVersion())
          || !"AdmissionReview".equals(review.getKind())) {
        throw new InvalidAnswer(
            invalid
                + "expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got "
                + gvk);
      }
      if (response.getPatch() != null && !response.getPatch().isEmpty()) {
        throw new InvalidAnswer(invalid + "validating webhook may not return response.patch");
      }
      if (response.getPatchType() != null) {
        throw new InvalidAnswer(invalid + "validating webhook may not return response.patchType");
      }
    }
    return new Answer(
        Boolean.TRUE.equals(response.getAllowed()),
        response.getStatus(),
        response.getWarnings() == null ? List.of() : response.getWarnings());
  }

  /** The options object of the request, as the API server passes it to admission. */
  static Map<String, Object> options(String operation, Map<String, String> query, JsonNode body) {
    if (operation.equals("DELETE")) {
      if (body != null && body.isObject() && !body.isEmpty()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> sent = MAPPER.convertValue(body, Map.class);
        sent.put("kind", "DeleteOptions");
        sent.put("apiVersion", "meta.k8s.io/v1");
        return sent;
      }
      return Map.of("kind", "DeleteOptions", "apiVersion", "meta.k8s.io/v1");
    }
    String kind = operation.equals("CREATE") ? "CreateOptions" : "UpdateOptions";
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("kind", kind);
    options.put("apiVersion", "meta.k8s.io/v1");
    if (query.containsKey("fieldManager")) {
      options.put("fieldManager", query.get("fieldManager"));
    }
    if (query.containsKey("fieldValidation")) {
      options.put("fieldValidation", query.get("fieldValidation"));
    }
    return options;
  }

  private static GroupVersionKind gvk(String group, String version, String kind) {
    return new GroupVersionKindBuilder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .build();
  }

  private static GroupVersionResource gvr(String group, String version, String resource) {
    return new GroupVersionResourceBuilder()
        .withGroup(group)
        .withVersion(version)
        .withResource(resource)
        .build();
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
