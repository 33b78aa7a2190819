package dev.operators.identity.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import dev.operators.identity.api.v1alpha1.IdentityPolicyStatus;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.operator.azure.IdentityRef;
import dev.operators.identity.operator.azure.RoleDefinition;
import dev.operators.identity.operator.azure.RoleDefinitionPort;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policy's status: the namespaces it selects and the resources that break it. */
class IdentityPolicyReconcilerTest {

  static final String SUB = "00000000-0000-0000-0000-000000000001";
  static final RoleDefinition OWNER =
      new RoleDefinition(
          "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
          "Owner",
          List.of("*"));

  final List<UserAssignedIdentity> resources = new ArrayList<>();
  final Map<String, Map<String, String>> labels =
      Map.of("team-a", Map.of("tier", "prod"), "team-b", Map.of("tier", "dev"));

  final PolicyCatalog catalog =
      new PolicyCatalog() {
        @Override
        public List<IdentityPolicy> policies() {
          return List.of();
        }

        @Override
        public Map<String, String> namespaceLabels(String namespace) {
          return labels.getOrDefault(namespace, Map.of());
        }
      };

  final RoleDefinitionPort roles =
      new RoleDefinitionPort() {
        @Override
        public Optional<RoleDefinition> findByName(String scope, String roleName) {
          return roleName.equals("Owner") ? Optional.of(OWNER) : Optional.empty();
        }

        @Override
        public Optional<RoleDefinition> findById(String scope, String guidOrId) {
          return Optional.empty();
        }
      };

  final IdentityPolicyReconciler reconciler =
      new IdentityPolicyReconciler(
          new PolicyGate(catalog, roles, PolicyDefault.SecureDefault),
          resources::forEach,
          r ->
              r.getSpec().getResourceGroup().equals("bad")
                  ? Optional.empty()
                  : Optional.of(
                      new IdentityRef(
                          SUB, r.getSpec().getResourceGroup(), r.getMetadata().getName())),
          Duration.ofMinutes(10),
          Clock.systemUTC());

  @Test
  void listsTheSelectedNamespacesAndEveryResourceThatBreaksThePolicy() {
    resources.add(
        identity(
            "team-a",
            "owner-app",
            "{resourceGroup: rg-app, location: westus,"
                + " roleAssignments: [{role: Owner, scope: /subscriptions/"
                + SUB
                + "/resourceGroups/rg-app}]}"));
    resources.add(identity("team-a", "fine", "{resourceGroup: rg-app, location: eastus}"));
    resources.add(identity("team-a", "invalid", "{resourceGroup: bad, location: westus}"));
    resources.add(identity("team-b", "elsewhere", "{resourceGroup: rg-app, location: westus}"));
    IdentityPolicy policy =
        Yaml.read(
            "{apiVersion: identity.operators.dev/v1alpha1, kind: IdentityPolicy, metadata: {name:"
                + " prod, generation: 3}, spec: {namespaceSelector: {matchLabels: {tier: prod}},"
                + " identities: {locations: [eastus]}}}",
            IdentityPolicy.class);

    var control = reconciler.reconcile(policy, null);

    IdentityPolicyStatus status = control.getResource().orElseThrow().getStatus();
    assertThat(status.getSelectedNamespaces()).containsExactly("team-a");
    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    assertThat(status.getViolations())
        .extracting(v -> v.getName() + " " + v.getRule())
        .containsExactlyInAnyOrder(
            "owner-app identities.locations", "owner-app roleAssignments.allowedRoles");
    assertThat(status.getViolationCount()).isEqualTo(2);
    assertThat(status.getConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getMessage()).contains("2 resources in 1 namespaces; 2 violations");
            });
    assertThat(control.getScheduleDelay()).contains(Duration.ofMinutes(10).toMillis());

    policy.setStatus(status);
    assertThat(reconciler.reconcile(policy, null).isPatchStatus())
        .as("an unchanged evaluation writes nothing")
        .isFalse();
  }

  @Test
  void aSelectorThatCanSelectNothingIsReported() {
    IdentityPolicy policy =
        Yaml.read(
            "{apiVersion: identity.operators.dev/v1alpha1, kind: IdentityPolicy, metadata: {name:"
                + " p}, spec: {namespaceSelector: {matchExpressions: [{key: tier, operator: In}]}}}",
            IdentityPolicy.class);

    var status = reconciler.reconcile(policy, null).getResource().orElseThrow().getStatus();

    assertThat(status.getConditions().get(0).getReason()).isEqualTo("InvalidSelector");
    assertThat(status.getConditions().get(0).getMessage()).contains("In needs values");
  }

  private static UserAssignedIdentity identity(String namespace, String name, String spec) {
    return Yaml.read(
        "{apiVersion: identity.operators.dev/v1alpha1, kind: UserAssignedIdentity, metadata: {name: "
            + name
            + ", namespace: "
            + namespace
            + "}, spec: "
            + spec
            + "}",
        UserAssignedIdentity.class);
  }
}
