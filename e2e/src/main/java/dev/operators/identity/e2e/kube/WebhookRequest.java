package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which webhooks a request goes to, as k8s.io/apiserver decides it
 * (pkg/admission/plugin/webhook/predicates/rules/rules.go and generic/webhook.go): a rule matches
 * when its scope, operation, API group, version and resource (with its subresource: {@code "pods"}
 * is not {@code "pods/status"}; {@code "*"} is every resource, {@code "* /*"} every subresource
 * too) all match; with {@code matchPolicy: Equivalent} (the default) a rule naming another served
 * version of the same custom resource matches as well, and the webhook is sent the object in that
 * version.
 */
final class WebhookRequest {

  private WebhookRequest() {}

  /**
   * What is being admitted. {@code object} is null for a delete, {@code oldObject} for a create.
   */
  record Attributes(
      String operation,
      ApiPath path,
      String kind,
      String name,
      JsonNode object,
      JsonNode oldObject,
      Map<String, Object> options) {

    Map<String, String> labels(JsonNode object) {
      Map<String, String> labels = new java.util.LinkedHashMap<>();
      if (object != null) {
        object
            .path("metadata")
            .path("labels")
            .fields()
            .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      }
      return labels;
    }
  }

  /** The group and version a webhook's rule matched, and the request's object in that version. */
  record Match(String group, String version, boolean converted) {

    JsonNode convert(JsonNode object) {
      if (!converted || object == null || !object.isObject()) {
        return object;
      }
      ObjectNode copy = ((ObjectNode) object).deepCopy();
      copy.put("apiVersion", group.isEmpty() ? version : group + "/" + version);
      return copy;
    }
  }

  /**
   * The first of the webhook's rules that matches; {@code equivalentVersions} are the other served
   * versions of the same resource (a custom resource's other versions, convertible with strategy
   * None), tried after the exact ones when the match policy is Equivalent.
   */
  static Optional<Match> match(
      ValidatingWebhook hook, Attributes attributes, List<String> equivalentVersions) {
    List<RuleWithOperations> rules = hook.getRules() == null ? List.of() : hook.getRules();
    ApiPath path = attributes.path();
    for (RuleWithOperations rule : rules) {
      if (matches(rule, attributes, path.version())) {
        return Optional.of(new Match(path.group(), path.version(), false));
      }
    }
    if ("Equivalent".equals(hook.getMatchPolicy())) {
      for (RuleWithOperations rule : rules) {
        for (String version : equivalentVersions) {
          if (!version.equals(path.version()) && matches(rule, attributes, version)) {
            return Optional.of(new Match(path.group(), version, true));
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean matches(RuleWithOperations rule, Attributes attributes, String version) {
    ApiPath path = attributes.path();
    return scope(rule.getScope(), path)
        && exactOrWildcard(rule.getOperations(), attributes.operation())
        && exactOrWildcard(rule.getApiGroups(), path.group())
        && exactOrWildcard(rule.getApiVersions(), version)
        && resource(rule.getResources(), path.resource(), path.subresource());
  }

  private static boolean scope(String scope, ApiPath path) {
    boolean namespaceObject = path.group().isEmpty() && path.resource().equals("namespaces");
    if (scope == null || scope.equals("*")) {
      return true;
    }
    if (scope.equals("Namespaced")) {
      return !namespaceObject && !path.namespace().isEmpty();
    }
    if (scope.equals("Cluster")) {
      return namespaceObject || path.namespace().isEmpty();
    }
    return false;
  }

  private static boolean exactOrWildcard(List<String> items, String requested) {
    return items != null && (items.contains("*") || items.contains(requested));
  }

  private static boolean resource(List<String> resources, String resource, String subresource) {
    if (resources == null) {
      return false;
    }
    for (String resSub : resources) {
      int slash = resSub.indexOf('/');
      String res = slash < 0 ? resSub : resSub.substring(0, slash);
      String sub = slash < 0 ? "" : resSub.substring(slash + 1);
      if ((res.equals("*") || res.equals(resource))
          && (sub.equals("*") || sub.equals(subresource))) {
        return true;
      }
    }
    return false;
  }

  /** The configurations admission leaves alone, so a broken webhook can always be removed. */
  static boolean exempt(ApiPath path) {
    return path.group().equals("admissionregistration.k8s.io")
        && List.of(
                "validatingwebhookconfigurations",
                "mutatingwebhookconfigurations",
                "validatingadmissionpolicies",
                "validatingadmissionpolicybindings",
                "mutatingadmissionpolicies",
                "mutatingadmissionpolicybindings")
            .contains(path.resource());
  }
}
