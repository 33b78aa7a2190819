package dev.operators.identity.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentitySpec;
import dev.operators.identity.operator.admission.AdmissionDecision;
import dev.operators.identity.operator.policy.PolicyDefault;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequestBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One implementation, two callers: for every rule of a policy, the admission webhook denies the
 * write with exactly the sentence the reconciler puts in PolicyCompliant (before its "Nothing was
 * written" tail), and the reconciler, where no webhook runs, writes nothing to Azure.
 */
class AdmissionAgreesWithReconcilerTest extends ReconcilerFixture {

  static final String RG_DATA = "/subscriptions/" + SUB + "/resourceGroups/rg-data";
  static final String SITE =
      "/subscriptions/" + SUB + "/resourceGroups/rg-app/providers/Microsoft.Web/sites/orders";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A policy (flow YAML, null: none selects the namespace) and a spec breaking one rule. */
  record Case(String rule, String policy, PolicyDefault fallback, String spec) {
    @Override
    public String toString() {
      return rule + (policy == null ? " (" + fallback + ")" : "");
    }
  }

  static final String NS = "namespaces: [team-orders], ";

  static Stream<Case> everyRule() {
    String base = "resourceGroup: rg-orders, location: eastus";
    String reader = "{role: Reader, scope: " + RG_DATA + "}";
    return Stream.of(
        rule(
            "identities.subscriptions",
            "{" + NS + "identities: {subscriptions: [00000000-0000-0000-0000-0000000000ff]}}",
            "{" + base + "}"),
        rule(
            "identities.resourceGroups",
            "{" + NS + "identities: {resourceGroups: [rg-payments-*]}}",
            "{" + base + "}"),
        rule(
            "identities.locations",
            "{" + NS + "identities: {locations: [westeurope]}}",
            "{" + base + "}"),
        rule(
            "identities.requireRegionalIsolation",
            "{" + NS + "identities: {requireRegionalIsolation: true}}",
            "{" + base + "}"),
        rule(
            "roleAssignments.allowedRoles",
            "{" + NS + "roleAssignments: {allowedRoles: [Storage Blob Data Reader]}}",
            "{" + base + ", roleAssignments: [" + reader + "]}"),
        secureDefault(
            "roleAssignments.allowedRoles",
            "{" + base + ", roleAssignments: [{role: Owner, scope: " + RG_DATA + "}]}"),
        rule(
            "roleAssignments.deniedRoles",
            "{" + NS + "roleAssignments: {deniedRoles: [Reader]}}",
            "{" + base + ", roleAssignments: [" + reader + "]}"),
        rule(
            "roleAssignments.scopePrefixes",
            "{" + NS + "roleAssignments: {scopePrefixes: [" + RG_DATA + "/providers]}}",
            "{" + base + ", roleAssignments: [" + reader + "]}"),
        secureDefault(
            "roleAssignments.scopePrefixes",
            "{" + base + ", roleAssignments: [{role: Reader, scope: /subscriptions/" + SUB + "}]}"),
        rule(
            "roleAssignments.maxPerIdentity",
            "{" + NS + "roleAssignments: {maxPerIdentity: 0}}",
            "{" + base + ", roleAssignments: [" + reader + "]}"),
        rule(
            "assignees.resourceIdPrefixes",
            "{"
                + NS
                + "assignees: {resourceIdPrefixes: [/subscriptions/"
                + SUB
                + "/resourceGroups/rg-web]}}",
            "{" + base + ", assignees: [{resourceId: " + SITE + "}]}"),
        rule(
            "assignees.resourceTypes",
            "{" + NS + "assignees: {resourceTypes: [Microsoft.Compute/virtualMachines]}}",
            "{" + base + ", assignees: [{resourceId: " + SITE + "}]}"),
        secureDefault(
            "workloadIdentity.serviceAccountNamespaces",
            "{"
                + base
                + ", workloadIdentity: {serviceAccounts: [{name: api, namespace: team-payments}]}}"),
        rule(
            "workloadIdentity.issuers",
            "{"
                + NS
                + "workloadIdentity: {issuers: [https://token.actions.githubusercontent.com]}}",
            "{"
                + base
                + ", federatedCredentials: [{name: gitlab-ci, issuer: https://gitlab.example.com,"
                + " subject: 'project_path:orders:ref_type:branch:ref:main'}]}"),
        new Case("policy default", null, PolicyDefault.DenyUnlessAllowed, "{" + base + "}"));
  }

  static Case rule(String rule, String policy, String spec) {
    return new Case(rule, policy, PolicyDefault.SecureDefault, spec);
  }

  static Case secureDefault(String rule, String spec) {
    return new Case(rule, null, PolicyDefault.SecureDefault, spec);
  }

  private PolicyDefault fallback = PolicyDefault.SecureDefault;

  @Override
  PolicyDefault policyDefault() {
    return fallback;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRule")
  void theWebhookDeniesWithTheSentenceTheReconcilerPutsInStatus(Case c) throws IOException {
    fallback = c.fallback();
    reconciler = reconcilerWith(noDeletionUnderWay());
    if (c.policy() != null) {
      policies.add("team-orders-policy", c.policy());
    }
    UserAssignedIdentity uai = resource("orders-api");
    uai.setSpec(YAML.readValue(c.spec(), UserAssignedIdentitySpec.class));

    AdmissionResponse admission = new AdmissionDecision(checks()).decide(create(uai));
    reconcile(uai);

    Condition compliant = condition(uai, StatusDraft.POLICY_COMPLIANT);
    assertThat(compliant.getStatus()).isEqualTo("False");
    assertThat(compliant.getReason()).isEqualTo("PolicyViolation");
    assertThat(admission.getAllowed()).isFalse();
    assertThat(admission.getStatus().getCode()).isEqualTo(403);
    String denial = admission.getStatus().getMessage();
    assertThat(denial).contains("rule " + c.rule() + ": ");
    assertThat(compliant.getMessage()).isEqualTo(denial + PolicyStep.NOTHING_WRITTEN);
    assertThat(azure.store).as("no identity created in Azure").isEmpty();
    assertThat(authorization.writes()).as("no role assignment written").isEmpty();
  }

  @Test
  void aCompliantSpecIsAdmittedAndCompliant() throws IOException {
    UserAssignedIdentity uai = readerAtTheDataGroup();

    AdmissionResponse admission = new AdmissionDecision(checks()).decide(create(uai));
    reconcile(uai);

    assertThat(admission.getAllowed()).isTrue();
    assertThat(admission.getWarnings()).isNullOrEmpty();
    assertThat(condition(uai, StatusDraft.POLICY_COMPLIANT).getStatus()).isEqualTo("True");
  }

  @Test
  void whatAzureCannotAnswerIsAdmittedWithAWarningAndLeftToTheReconciler() throws IOException {
    authorization.fail(
        call -> call.startsWith("role-name"),
        InMemoryAuthorization.error(429, "TooManyRequests", "slow down"),
        2);
    UserAssignedIdentity uai = readerAtTheDataGroup();

    AdmissionResponse admission = new AdmissionDecision(checks()).decide(create(uai));
    reconcile(uai);

    assertThat(admission.getAllowed()).isTrue();
    assertThat(admission.getWarnings())
        .singleElement()
        .asString()
        .contains("Reader")
        .contains("could not be looked up in Azure")
        .endsWith("the operator checks it before any Azure write");
    Condition compliant = condition(uai, StatusDraft.POLICY_COMPLIANT);
    assertThat(compliant.getReason()).isEqualTo("PolicyPending");
    assertThat(azure.store).isEmpty();
  }

  private static UserAssignedIdentity readerAtTheDataGroup() throws IOException {
    UserAssignedIdentity uai = resource("orders-api");
    uai.setSpec(
        YAML.readValue(
            "{resourceGroup: rg-orders, location: eastus, roleAssignments: [{role: Reader, scope: "
                + RG_DATA
                + "}]}",
            UserAssignedIdentitySpec.class));
    return uai;
  }

  private static io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest create(
      UserAssignedIdentity uai) {
    return new AdmissionRequestBuilder()
        .withUid("uid-1")
        .withOperation("CREATE")
        .withNamespace(uai.getMetadata().getNamespace())
        .withKind(
            new GroupVersionKind("identity.operators.dev", "UserAssignedIdentity", "v1alpha1"))
        .withObject(uai)
        .build();
  }

  private static ClusterState noDeletionUnderWay() {
    return new ClusterState() {
      @Override
      public boolean crdTerminating() {
        return false;
      }

      @Override
      public boolean namespaceTerminating(String namespace) {
        return false;
      }
    };
  }
}
