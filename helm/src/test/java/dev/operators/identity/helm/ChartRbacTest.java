package dev.operators.identity.helm;

import static dev.operators.identity.helm.ChartRenderer.NAMESPACE;
import static dev.operators.identity.helm.ChartTemplateTest.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.helm.ChartRenderer.Rendered;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code helm template}: the chart's RBAC: exactly the rules the operator needs, per watch mode.
 */
class ChartRbacTest {

  @ParameterizedTest
  @ValueSource(strings = {"aks-workload-identity", "client-secret", "custom-cloud", "replicas-3"})
  void allNamespacesGetAClusterRoleWithExactlyTheWatchRules(String values) {
    Rendered rendered = ChartRenderer.withValuesFile(values);

    ClusterRole role = rendered.named(ClusterRole.class, FULLNAME);
    assertThat(Rbac.describe(role.getRules()))
        .containsExactlyInAnyOrderElementsOf(Rbac.ALL_NAMESPACES_RULES);
    ClusterRoleBinding binding = rendered.named(ClusterRoleBinding.class, FULLNAME);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(FULLNAME);
              assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
            });
    assertLeaseRoleInReleaseNamespaceOnly(rendered);
  }

  @Test
  void listedNamespacesGetOneRoleAndBindingEachAndOnlyTheirCrdClusterWide() {
    Rendered rendered = ChartRenderer.withValuesFile("watch-namespaces");
    List<String> watched = List.of("team-orders", "team-payments", "team-search");

    ClusterRole crdReader = rendered.named(ClusterRole.class, FULLNAME + "-crd");
    assertThat(Rbac.describe(crdReader.getRules()))
        .containsExactly(
            Rbac.CRD_RULE,
            " | namespaces | get | team-orders,team-payments,team-search",
            Rbac.POLICY_RULES.get(0),
            Rbac.POLICY_RULES.get(1),
            Rbac.SWEEP_RULES.get(0),
            Rbac.SWEEP_RULES.get(1));
    assertThat(rendered.all(Role.class))
        .filteredOn(r -> r.getMetadata().getName().endsWith("-sweep-events"))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getMetadata().getNamespace()).isEqualTo("default");
              assertThat(Rbac.describe(r.getRules()))
                  .containsExactly(" | events | get,create,patch");
            });
    assertThat(rendered.named(ClusterRoleBinding.class, FULLNAME + "-crd").getRoleRef().getName())
        .isEqualTo(crdReader.getMetadata().getName());
    List<Role> watchRoles =
        rendered.all(Role.class).stream()
            .filter(
                r ->
                    !r.getMetadata()
                        .getName()
                        .matches(".*-(leader-election|webhook|sweep-events)$"))
            .toList();
    assertThat(watchRoles)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrderElementsOf(watched);
    assertThat(watchRoles)
        .allSatisfy(
            r ->
                assertThat(Rbac.describe(r.getRules()))
                    .containsExactlyInAnyOrderElementsOf(Rbac.WATCH_RULES));
    List<RoleBinding> watchBindings =
        rendered.all(RoleBinding.class).stream()
            .filter(
                b ->
                    !b.getMetadata()
                        .getName()
                        .matches(".*-(leader-election|webhook|sweep-events)$"))
            .toList();
    assertThat(watchBindings)
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactlyInAnyOrderElementsOf(watched);
    assertThat(watchBindings)
        .allSatisfy(
            b -> {
              assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
              assertThat(b.getRoleRef().getName()).isEqualTo(FULLNAME);
              assertThat(b.getSubjects())
                  .singleElement()
                  .satisfies(
                      s -> {
                        assertThat(s.getName()).isEqualTo(FULLNAME);
                        assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
                      });
            });
    assertThat(env(rendered))
        .containsEntry("OPERATOR_WATCH_NAMESPACES", "team-orders,team-payments,team-search");
    assertLeaseRoleInReleaseNamespaceOnly(rendered);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "aks-workload-identity",
        "client-secret",
        "client-secret-created",
        "watch-namespaces",
        "custom-cloud",
        "replicas-3"
      })
  void noWildcardsNoSecretsButTheWebhookOneAndNothingBeyondTheRulesItNeeds(String values) {
    Rendered rendered = ChartRenderer.withValuesFile(values);
    List<PolicyRule> rules =
        rendered.objects().stream()
            // the operator's own roles; namespace users' aggregated ones have their own test
            .filter(o -> !o.getMetadata().getName().matches(".*-(view|edit)$"))
            .flatMap(
                o ->
                    o instanceof Role r
                        ? r.getRules().stream()
                        : o instanceof ClusterRole c ? c.getRules().stream() : null)
            .toList();
    assertThat(rules).isNotEmpty();
    assertThat(rules)
        .allSatisfy(
            r -> {
              assertThat(r.getVerbs()).doesNotContain("*");
              assertThat(r.getResources()).doesNotContain("*");
              assertThat(r.getApiGroups()).doesNotContain("*");
              assertThat(r.getNonResourceURLs()).isNullOrEmpty();
              // names narrow a rule: the CRD, the watched namespaces, the webhook's own objects
              if (r.getResourceNames() != null && !r.getResourceNames().isEmpty()) {
                assertThat(Rbac.describe(r))
                    .matches(
                        ".*(customresourcedefinitions|namespaces|secrets"
                            + "|validatingwebhookconfigurations).*");
              }
            });
    assertThat(
            rendered.objects().stream()
                .filter(
                    o ->
                        o instanceof Role r
                            && r.getRules().stream()
                                .anyMatch(p -> p.getResources().contains("secrets")))
                .toList())
        .as("secrets only in the webhook's Role, in the release namespace")
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getMetadata().getName()).isEqualTo(WEBHOOK);
              assertThat(o.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
              assertThat(Rbac.describe(((Role) o).getRules()))
                  .containsExactlyElementsOf(Rbac.webhookSecretRules(WEBHOOK));
            });
    Set<String> all =
        rules.stream().map(Rbac::describe).collect(Collectors.toCollection(TreeSet::new));
    Set<String> allowed = new TreeSet<>(Rbac.WATCH_RULES);
    allowed.addAll(Rbac.LEASE_RULES);
    allowed.addAll(Rbac.SWEEP_RULES);
    allowed.add(Rbac.CRD_RULE);
    allowed.add(Rbac.NAMESPACE_RULE);
    allowed.addAll(Rbac.POLICY_RULES);
    allowed.add(" | namespaces | get | team-orders,team-payments,team-search");
    allowed.addAll(Rbac.webhookSecretRules(WEBHOOK));
    allowed.add(Rbac.webhookConfigurationRule(WEBHOOK));
    assertThat(all).isSubsetOf(allowed);
  }

  private void assertLeaseRoleInReleaseNamespaceOnly(Rendered rendered) {
    List<Role> leaseRoles =
        rendered.all(Role.class).stream()
            .filter(r -> r.getRules().stream().anyMatch(p -> p.getResources().contains("leases")))
            .toList();
    assertThat(leaseRoles)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
              assertThat(Rbac.describe(r.getRules())).containsExactlyElementsOf(Rbac.LEASE_RULES);
            });
    assertThat(rendered.all(RoleBinding.class))
        .filteredOn(b -> b.getRoleRef().getName().equals(FULLNAME + "-leader-election"))
        .singleElement()
        .satisfies(b -> assertThat(b.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
  }

  @Test
  void namespaceUsersGetUserAssignedIdentitiesThroughTheDefaultRolesAndNothingOnPolicies() {
    Rendered rendered = ChartRenderer.withValuesFile("aks-workload-identity");

    ClusterRole view = rendered.named(ClusterRole.class, FULLNAME + "-view");
    ClusterRole edit = rendered.named(ClusterRole.class, FULLNAME + "-edit");
    assertThat(view.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true");
    assertThat(edit.getMetadata().getLabels())
        .doesNotContainKey("rbac.authorization.k8s.io/aggregate-to-view")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true");
    assertThat(Rbac.describe(view.getRules()))
        .containsExactly(
            "identity.operators.dev | userassignedidentities,regionalidentitysets | get,list,watch");
    assertThat(Rbac.describe(edit.getRules()))
        .containsExactly(
            "identity.operators.dev | userassignedidentities,regionalidentitysets"
                + " | create,update,patch,delete,deletecollection");
    assertThat(rendered.all(ClusterRole.class))
        .filteredOn(r -> r.getMetadata().getName().matches(".*-(view|edit)$"))
        .flatExtracting(ClusterRole::getRules)
        .flatExtracting(PolicyRule::getResources)
        .doesNotContain("identitypolicies", "identitypolicies/status");

    assertThat(
            ChartRenderer.withValues(
                    "clusterName: c\nazure:\n  clientId: 33333333-3333-3333-3333-333333333333\n"
                        + "rbac:\n  aggregateToUserRoles: false\n")
                .all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(FULLNAME, WEBHOOK);
  }
}
