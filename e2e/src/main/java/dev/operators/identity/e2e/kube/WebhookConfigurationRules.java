package dev.operators.identity.e2e.kube;

import static dev.operators.identity.e2e.kube.WebhookConfigurations.cause;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the API server refuses in a ValidatingWebhookConfiguration on create, in its words
 * (k8s.io/kubernetes pkg/apis/admissionregistration/validation/validation.go, and k8s.io/apiserver
 * pkg/util/webhook/validation.go for the client config): fully qualified, unique webhook names;
 * rules with operations, groups, versions and resources ({@code *} alone); {@code sideEffects} None
 * or NoneOnDryRun; {@code admissionReviewVersions} including v1 or v1beta1; timeouts of 1 to 30
 * seconds; exactly one of an https URL or a Service; valid label selectors. {@code matchConditions}
 * (CEL) are refused: the embedded API does not evaluate them, and calling the webhook regardless
 * would not be what a cluster does.
 */
final class WebhookConfigurationRules {

  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final String SUBDOMAIN_MESSAGE =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
          + " regex used for validation is '"
          + SUBDOMAIN.pattern().replace("\\\\", "\\")
          + "')";
  private static final List<String> OPERATIONS =
      List.of("*", "CONNECT", "CREATE", "DELETE", "UPDATE");
  private static final List<String> SIDE_EFFECTS = List.of("None", "NoneOnDryRun");
  private static final String URL_FORM = "; desired format: https://host[/path]";

  private WebhookConfigurationRules() {}

  static List<StatusCause> problems(ValidatingWebhookConfiguration configuration) {
    List<StatusCause> causes = new ArrayList<>();
    String name =
        configuration.getMetadata() == null ? null : configuration.getMetadata().getName();
    if (name == null || name.isEmpty()) {
      causes.add(
          cause(
              "FieldValueRequired",
              "metadata.name",
              "Required value: name or generateName is required"));
    } else if (!SUBDOMAIN.matcher(name).matches() || name.length() > 253) {
      causes.add(invalid("metadata.name", quote(name), SUBDOMAIN_MESSAGE));
    }
    List<ValidatingWebhook> hooks =
        configuration.getWebhooks() == null ? List.of() : configuration.getWebhooks();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < hooks.size(); i++) {
      ValidatingWebhook hook = hooks.get(i);
      String at = "webhooks[" + i + "]";
      webhook(hook, at, causes);
      if (hook.getName() != null && !hook.getName().isEmpty() && !names.add(hook.getName())) {
        causes.add(
            cause(
                "FieldValueDuplicate", at + ".name", "Duplicate value: " + quote(hook.getName())));
      }
    }
    return causes;
  }

  private static void webhook(ValidatingWebhook hook, String at, List<StatusCause> causes) {
    String name = hook.getName() == null ? "" : hook.getName();
    if (name.isEmpty()) {
      causes.add(cause("FieldValueRequired", at + ".name", "Required value"));
    } else if (!SUBDOMAIN.matcher(name).matches()) {
      causes.add(invalid(at + ".name", quote(name), SUBDOMAIN_MESSAGE));
    } else if (name.split("\\.").length < 3) {
      causes.add(
          invalid(
              at + ".name",
              quote(name),
              "should be a domain with at least three segments separated by dots"));
    }
    List<RuleWithOperations> rules = hook.getRules() == null ? List.of() : hook.getRules();
    for (int r = 0; r < rules.size(); r++) {
      rule(rules.get(r), at + ".rules[" + r + "]", causes);
    }
    supported(hook.getFailurePolicy(), List.of("Fail", "Ignore"), at + ".failurePolicy", causes);
    supported(hook.getMatchPolicy(), List.of("Equivalent", "Exact"), at + ".matchPolicy", causes);
    if (hook.getSideEffects() == null) {
      causes.add(
          cause(
              "FieldValueRequired",
              at + ".sideEffects",
              "Required value: must specify one of None, NoneOnDryRun"));
    } else {
      supported(hook.getSideEffects(), SIDE_EFFECTS, at + ".sideEffects", causes);
    }
    Integer timeout = hook.getTimeoutSeconds();
    if (timeout != null && (timeout < 1 || timeout > 30)) {
      causes.add(
          invalid(
              at + ".timeoutSeconds",
              String.valueOf(timeout),
              "the timeout value must be between 1 and 30 seconds"));
    }
    LabelSelectors.validate(hook.getNamespaceSelector(), at + ".namespaceSelector", causes);
    LabelSelectors.validate(hook.getObjectSelector(), at + ".objectSelector", causes);
    clientConfig(hook.getClientConfig(), at + ".clientConfig", causes);
    if (hook.getMatchConditions() != null && !hook.getMatchConditions().isEmpty()) {
      causes.add(
          cause(
              "FieldValueForbidden",
              at + ".matchConditions",
              "Forbidden: the embedded Kubernetes API does not evaluate matchConditions"));
    }
    reviewVersions(hook.getAdmissionReviewVersions(), at + ".admissionReviewVersions", causes);
  }

  private static void rule(RuleWithOperations rule, String at, List<StatusCause> causes) {
    List<String> operations = orEmpty(rule.getOperations());
    if (operations.isEmpty()) {
      causes.add(cause("FieldValueRequired", at + ".operations", "Required value"));
    }
    wildcardAlone(operations, at + ".operations", "operations", causes);
    for (int i = 0; i < operations.size(); i++) {
      supported(operations.get(i), OPERATIONS, at + ".operations[" + i + "]", causes);
    }
    List<String> groups = orEmpty(rule.getApiGroups());
    if (groups.isEmpty()) {
      causes.add(cause("FieldValueRequired", at + ".apiGroups", "Required value"));
    }
    wildcardAlone(groups, at + ".apiGroups", "API groups", causes);
    List<String> versions = orEmpty(rule.getApiVersions());
    if (versions.isEmpty()) {
      causes.add(cause("FieldValueRequired", at + ".apiVersions", "Required value"));
    }
    wildcardAlone(versions, at + ".apiVersions", "API versions", causes);
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).isEmpty()) {
        causes.add(cause("FieldValueRequired", at + ".apiVersions[" + i + "]", "Required value"));
      }
    }
    resources(orEmpty(rule.getResources()), at + ".resources", causes);
    if (rule.getScope() != null) {
      supported(rule.getScope(), List.of("*", "Cluster", "Namespaced"), at + ".scope", causes);
    }
  }

  private static void resources(List<String> resources, String at, List<StatusCause> causes) {
    if (resources.isEmpty()) {
      causes.add(cause("FieldValueRequired", at, "Required value"));
    }
    Set<String> withWildcardSub = new HashSet<>();
    Set<String> subWithWildcardResource = new HashSet<>();
    boolean single = false;
    boolean withoutSub = false;
    for (int i = 0; i < resources.size(); i++) {
      String resSub = resources.get(i);
      if (resSub.isEmpty()) {
        causes.add(cause("FieldValueRequired", at + "[" + i + "]", "Required value"));
        continue;
      }
      single |= resSub.equals("*");
      int slash = resSub.indexOf('/');
      if (slash < 0) {
        withoutSub = !resSub.equals("*");
        continue;
      }
      String res = resSub.substring(0, slash);
      String sub = resSub.substring(slash + 1);
      if (withWildcardSub.contains(res)) {
        causes.add(
            invalid(
                at + "[" + i + "]",
                quote(resSub),
                "if '" + res + "/*' is present, must not specify " + resSub));
      }
      if (subWithWildcardResource.contains(sub)) {
        causes.add(
            invalid(
                at + "[" + i + "]",
                quote(resSub),
                "if '*/" + sub + "' is present, must not specify " + resSub));
      }
      if (sub.equals("*")) {
        withWildcardSub.add(res);
      }
      if (res.equals("*")) {
        subWithWildcardResource.add(sub);
      }
    }
    if (resources.size() > 1 && resources.contains("*/*")) {
      causes.add(
          invalid(
              at, goStrings(resources), "if '*/*' is present, must not specify other resources"));
    }
    if (single && withoutSub) {
      causes.add(
          invalid(
              at,
              goStrings(resources),
              "if '*' is present, must not specify other resources without subresources"));
    }
  }

  private static void clientConfig(
      WebhookClientConfig config, String at, List<StatusCause> causes) {
    if (config == null || (config.getUrl() == null) == (config.getService() == null)) {
      causes.add(
          cause(
              "FieldValueRequired",
              at,
              "Required value: exactly one of url or service is required"));
      return;
    }
    if (config.getUrl() != null) {
      String field = at + ".url";
      try {
        URI uri = new URI(config.getUrl());
        if (!"https".equals(uri.getScheme())) {
          causes.add(
              invalid(
                  field,
                  quote(String.valueOf(uri.getScheme())),
                  "'https' is the only allowed URL scheme" + URL_FORM));
        }
        if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
          causes.add(invalid(field, "\"\"", "host must be specified" + URL_FORM));
        }
        if (uri.getRawUserInfo() != null) {
          causes.add(
              invalid(
                  field,
                  quote(uri.getRawUserInfo()),
                  "user information is not permitted in the URL"));
        }
        if (uri.getRawFragment() != null) {
          causes.add(
              invalid(
                  field, quote(uri.getRawFragment()), "fragments are not permitted in the URL"));
        }
        if (uri.getRawQuery() != null) {
          causes.add(
              invalid(
                  field,
                  quote(uri.getRawQuery()),
                  "query parameters are not permitted in the URL"));
        }
      } catch (URISyntaxException e) {
        causes.add(
            cause(
                "FieldValueRequired",
                field,
                "Required value: url must be a valid URL: " + e.getMessage() + URL_FORM));
      }
      return;
    }
    ServiceReference service = config.getService();
    String field = at + ".service";
    if (service.getName() == null || service.getName().isEmpty()) {
      causes.add(
          cause("FieldValueRequired", field + ".name", "Required value: service name is required"));
    }
    if (service.getNamespace() == null || service.getNamespace().isEmpty()) {
      causes.add(
          cause(
              "FieldValueRequired",
              field + ".namespace",
              "Required value: service namespace is required"));
    }
    int port = service.getPort() == null ? 443 : service.getPort();
    if (port < 1 || port > 65535) {
      causes.add(
          invalid(
              field + ".port",
              String.valueOf(port),
              "port is not valid: must be between 1 and 65535, inclusive"));
    }
    String path = service.getPath();
    if (path != null && !path.isEmpty() && !path.startsWith("/")) {
      causes.add(invalid(field + ".path", quote(path), "must start with a '/'"));
    }
  }

  private static void reviewVersions(List<String> versions, String at, List<StatusCause> causes) {
    if (versions == null || versions.isEmpty()) {
      causes.add(
          cause("FieldValueRequired", at, "Required value: must specify one of v1, v1beta1"));
      return;
    }
    if (versions.stream().noneMatch(v -> v.equals("v1") || v.equals("v1beta1"))) {
      causes.add(invalid(at, goStrings(versions), "must include at least one of v1, v1beta1"));
    }
  }

  private static void wildcardAlone(
      List<String> values, String at, String what, List<StatusCause> causes) {
    if (values.size() > 1 && values.contains("*")) {
      causes.add(
          invalid(at, goStrings(values), "if '*' is present, must not specify other " + what));
    }
  }

  private static void supported(
      String value, List<String> allowed, String at, List<StatusCause> causes) {
    if (value != null && !allowed.contains(value)) {
      causes.add(
          cause(
              "FieldValueNotSupported",
              at,
              "Unsupported value: "
                  + quote(value)
                  + ": supported values: "
                  + allowed.stream()
                      .map(WebhookConfigurationRules::quote)
                      .collect(Collectors.joining(", "))));
    }
  }

  private static StatusCause invalid(String field, String shown, String detail) {
    return cause("FieldValueInvalid", field, "Invalid value: " + shown + ": " + detail);
  }

  private static String goStrings(List<String> values) {
    return values.stream()
        .map(WebhookConfigurationRules::quote)
        .collect(Collectors.joining(", ", "[]string{", "}"));
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }

  private static String quote(String text) {
    return SchemaAdmission.quote(text);
  }
}
