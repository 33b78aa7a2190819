package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers to the review resources an API server evaluates instead of storing ({@code POST} only):
 * the authorization.k8s.io/v1 access and rules reviews and authentication.k8s.io/v1 {@code
 * SelfSubjectReview}, as a real API server answers them for a member of {@code system:masters}. The
 * embedded server has no RBAC, so every request is allowed; the reviews say so.
 *
 * <p>The review is echoed back (apiVersion, kind, metadata, spec) with its {@code status} filled
 * in; nothing is persisted. A body that is not JSON (kubectl's typed clients send protobuf) is
 * answered as if it were an empty review.
 */
final class AccessReviews {

  static final String AUTHORIZATION = "authorization.k8s.io/v1";
  static final String AUTHENTICATION = "authentication.k8s.io/v1";

  /** The groups of the embedded user, as {@code kubectl auth whoami} shows them. */
  static final List<String> GROUPS = List.of("system:masters", "system:authenticated");

  private static final Pattern REVIEW =
      Pattern.compile(
          "/apis/(?:(authorization\\.k8s\\.io)/v1/(?:namespaces/([^/]+)/)?"
              + "(selfsubjectrulesreviews|selfsubjectaccessreviews|subjectaccessreviews"
              + "|localsubjectaccessreviews)"
              + "|(authentication\\.k8s\\.io)/v1/(selfsubjectreviews))");

  private static final String REASON =
      "the embedded Kubernetes API has no RBAC: everything is allowed";

  private final ObjectMapper mapper = new ObjectMapper();
  private final String user;

  AccessReviews(String user) {
    this.user = user;
  }

  /** Whether {@code path} (without query) is a review resource this class answers. */
  static boolean isReview(String path) {
    Matcher matcher = REVIEW.matcher(path);
    if (!matcher.matches()) {
      return false;
    }
    // localsubjectaccessreviews are namespaced, the others are not
    boolean namespaced = matcher.group(2) != null;
    return namespaced == "localsubjectaccessreviews".equals(matcher.group(3));
  }

  /** Whether {@code path} names one object below a review resource (which has none). */
  static boolean isReviewObject(String path) {
    int slash = path.lastIndexOf('/');
    return slash > 0 && isReview(path.substring(0, slash));
  }

  /**
   * The answer to {@code POST path} with {@code body}, or empty when {@code path} is not a review
   * resource.
   */
  Optional<ObjectNode> answer(String path, String body) {
    Matcher matcher = REVIEW.matcher(path);
    if (!isReview(path) || !matcher.matches()) {
      return Optional.empty();
    }
    String resource = matcher.group(3) != null ? matcher.group(3) : matcher.group(5);
    String apiVersion = matcher.group(1) != null ? AUTHORIZATION : AUTHENTICATION;
    ObjectNode request = parse(body);
    ObjectNode review = mapper.createObjectNode();
    review.put("kind", kind(resource));
    review.put("apiVersion", apiVersion);
    ObjectNode metadata =
        request.path("metadata") instanceof ObjectNode meta
            ? meta.deepCopy()
            : mapper.createObjectNode();
    if (!metadata.has("creationTimestamp")) {
      metadata.putNull("creationTimestamp");
    }
    if (matcher.group(2) != null) {
      metadata.put("namespace", matcher.group(2));
    }
    review.set("metadata", metadata);
    ObjectNode spec =
        request.path("spec") instanceof ObjectNode given
            ? given.deepCopy()
            : mapper.createObjectNode();
    if (!resource.equals("selfsubjectreviews")) {
      review.set("spec", spec);
    }
    review.set("status", status(resource, spec));
    return Optional.of(review);
  }

  private ObjectNode status(String resource, ObjectNode spec) {
    ObjectNode status = mapper.createObjectNode();
    switch (resource) {
      case "selfsubjectrulesreviews" -> {
        ObjectNode resourceRule = status.putArray("resourceRules").addObject();
        resourceRule.putArray("verbs").add("*");
        resourceRule.putArray("apiGroups").add("*");
        resourceRule.putArray("resources").add("*");
        ObjectNode nonResourceRule = status.putArray("nonResourceRules").addObject();
        nonResourceRule.putArray("verbs").add("*");
        nonResourceRule.putArray("nonResourceURLs").add("*");
        status.put("incomplete", false);
      }
      case "selfsubjectreviews" -> {
        ObjectNode userInfo = status.putObject("userInfo");
        userInfo.put("username", user);
        ArrayNode groups = userInfo.putArray("groups");
        GROUPS.forEach(groups::add);
      }
      default -> {
        status.put("allowed", true);
        status.put("reason", REASON);
      }
    }
    return status;
  }

  private static String kind(String resource) {
    return switch (resource) {
      case "selfsubjectrulesreviews" -> "SelfSubjectRulesReview";
      case "selfsubjectaccessreviews" -> "SelfSubjectAccessReview";
      case "subjectaccessreviews" -> "SubjectAccessReview";
      case "localsubjectaccessreviews" -> "LocalSubjectAccessReview";
      default -> "SelfSubjectReview";
    };
  }

  private ObjectNode parse(String body) {
    if (body == null || body.isBlank()) {
      return mapper.createObjectNode();
    }
    try {
      JsonNode node = mapper.readTree(body);
      return node instanceof ObjectNode object ? object : mapper.createObjectNode();
    } catch (Exception e) {
      // protobuf or garbage: answer for an empty review
      return mapper.createObjectNode();
    }
  }
}
