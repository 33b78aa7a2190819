package dev.operators.identity.helm;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The RBAC the operator needs, as comparable strings "apiGroups | resources | verbs". */
final class Rbac {

  /**
   * On the watched resources: its custom resources (identities created and deleted by the sets
   * owning them), status, finalizers, events, ServiceAccounts.
   */
  static final List<String> WATCH_RULES =
      List.of(
          "identity.operators.dev | userassignedidentities | get,list,watch,patch,update,create,delete",
          "identity.operators.dev | userassignedidentities/status | patch,update",
          "identity.operators.dev | userassignedidentities/finalizers | update",
          "identity.operators.dev | regionalidentitysets | get,list,watch,patch,update",
          "identity.operators.dev | regionalidentitysets/status | patch,update",
          "identity.operators.dev | regionalidentitysets/finalizers | update",
          " | events | get,create,patch",
          " | serviceaccounts | get,create,patch",
          " | configmaps | get,create,update,delete");

  /** The orphan sweep's cluster-scoped kind, cluster-wide in every watch mode. */
  static final List<String> SWEEP_RULES =
      List.of(
          "identity.operators.dev | roleassignmentsweeps | get,list,watch,patch,update",
          "identity.operators.dev | roleassignmentsweeps/status | patch,update");

  /** The namespaces it watches, all of them (their labels from a watch). */
  static final String NAMESPACE_RULE = " | namespaces | get,list,watch";

  /** Its own CRD, by name (cluster-scoped by nature). */
  static final String CRD_RULE =
      "apiextensions.k8s.io | customresourcedefinitions | get"
          + " | userassignedidentities.identity.operators.dev";

  /** The cluster's IdentityPolicies, and their status (cluster-scoped by nature). */
  static final List<String> POLICY_RULES =
      List.of(
          "identity.operators.dev | identitypolicies | get,list,watch",
          "identity.operators.dev | identitypolicies/status | patch,update");

  /** The ClusterRole when all namespaces are watched. */
  static final List<String> ALL_NAMESPACES_RULES =
      Stream.of(WATCH_RULES, List.of(CRD_RULE, NAMESPACE_RULE), POLICY_RULES, SWEEP_RULES)
          .flatMap(List::stream)
          .toList();

  /**
   * The webhook's generated certificate, in the operator's own namespace: its one Secret by name
   * (create cannot be limited by name: the name is not known when it is authorized).
   */
  static List<String> webhookSecretRules(String webhook) {
    return List.of(" | secrets | get,update | " + webhook, " | secrets | create");
  }

  /** The caBundle of its own ValidatingWebhookConfiguration, by name (cluster-scoped). */
  static String webhookConfigurationRule(String webhook) {
    return "admissionregistration.k8s.io | validatingwebhookconfigurations | get,patch | "
        + webhook;
  }

  /** Leader election, in the operator's own namespace. */
  static final List<String> LEASE_RULES =
      List.of("coordination.k8s.io | leases | get,create,update");

  private Rbac() {}

  static List<String> describe(List<PolicyRule> rules) {
    return rules.stream().map(Rbac::describe).toList();
  }

  static String describe(PolicyRule rule) {
    return String.join(",", rule.getApiGroups())
        + " | "
        + String.join(",", rule.getResources())
        + " | "
        + rule.getVerbs().stream().collect(Collectors.joining(","))
        + (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
            ? ""
            : " | " + String.join(",", rule.getResourceNames()));
  }
}
