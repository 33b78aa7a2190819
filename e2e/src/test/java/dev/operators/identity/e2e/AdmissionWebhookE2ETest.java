package dev.operators.identity.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.operators.identity.api.v1alpha1.IdentityPolicy;
import dev.operators.identity.api.v1alpha1.RoleAssignmentSpec;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;
import dev.operators.identity.emulator.RecordedRequest;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's admission webhook registered as deploy/manifests ships it, its generated CA
 * patched in by the operator: a write that breaks policy is refused at apply time with the sentence
 * the reconciler would put in status; without the webhook the reconciler refuses the same write
 * with the same sentence, writing nothing to Azure.
 */
class AdmissionWebhookE2ETest extends E2EFixture {

  static final String DENIED =
      "admission webhook \"userassignedidentities.identity.operators.dev\" denied the request: ";

  @BeforeAll
  static void startWithTheWebhook() {
    stack.stopOperator();
    stack.registerWebhook();
    stack.startOperator(stack.operatorConfig(RESYNC).withWebhook(EmbeddedStack.webhook()));
  }

  @Test
  void ownerWithoutAPolicyIsRefusedAtApplyTimeNamingTheSecureDefaultAndTheRule() {
    String refusal = refusalOf(withOwner("orders-admin"));

    assertThat(refusal)
        .startsWith(
            "the secure default (no IdentityPolicy selects namespace "
                + namespace
                + "), rule roleAssignments.allowedRoles: roleAssignments[0] (role \"Owner\" at ")
        .endsWith("only a policy that names it in allowedRoles allows it");
    assertThat(cr("orders-admin").get()).as("not stored").isNull();
    assertThat(azureWrites()).isEmpty();
  }

  @Test
  void aCompliantIdentityIsAdmittedAndBecomesReady() {
    apply(identityWithReader("orders-reader"));

    awaitReady("orders-reader");
    assertThat(azureIdentity("orders-reader")).isPresent();
  }

  @Test
  void withoutTheWebhookTheSameViolationLandsInStatusWithTheSameSentenceAndNothingInAzure() {
    String refusal = refusalOf(withOwner("orders-admin"));
    Resource<ValidatingWebhookConfiguration> registered = configuration();
    ValidatingWebhookConfiguration saved = registered.get();
    stack.unregisterWebhook();
    try {
      apply(withOwner("orders-admin"));

      UserAssignedIdentity refused =
          awaitCondition("orders-admin", "PolicyCompliant", "False", "PolicyViolation");
      assertThat(condition(refused, "PolicyCompliant").orElseThrow().getMessage())
          .isEqualTo(
              refusal
                  + ". Nothing was written to Azure; what the identity already has there stays as"
                  + " it is");
      assertThat(azureWrites()).isEmpty();
      assertThat(azureIdentity("orders-admin")).isEmpty();
    } finally {
      saved.setMetadata(
          new ObjectMetaBuilder()
              .withName(saved.getMetadata().getName())
              .withLabels(saved.getMetadata().getLabels())
              .build());
      stack.client().resource(saved).create();
    }
  }

  @Test
  void aPolicyThatCanSelectNothingIsRefusedAtApplyTime() {
    IdentityPolicy policy =
        stack
            .client()
            .getKubernetesSerialization()
            .unmarshal(
                """
                apiVersion: identity.operators.dev/v1alpha1
                kind: IdentityPolicy
                metadata: {name: typo}
                spec:
                  namespaceSelector:
                    matchExpressions: [{key: team, operator: Equals, values: [orders]}]
                """,
                IdentityPolicy.class);

    KubernetesClientException refused =
        catchThrowableOfType(
            () -> stack.client().resource(policy).create(), KubernetesClientException.class);

    assertThat(refused.getCode()).isEqualTo(400);
    assertThat(refused.getMessage())
        .contains(
            "admission webhook \"identitypolicies.identity.operators.dev\" denied the request:"
                + " spec.namespaceSelector: matchExpressions operator \"Equals\" is not In, NotIn,"
                + " Exists or DoesNotExist");
  }

  @Test
  void replicasShareTheGeneratedCertificateThroughItsSecretWhoseCaIsTheCaBundle() {
    Secret secret = certificateSecret().get();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(configuration().get().getWebhooks())
        .extracting(w -> w.getClientConfig().getCaBundle())
        .containsOnly(secret.getData().get("ca.crt"));

    stack.stopOperator();
    stack.startOperator(stack.operatorConfig(RESYNC).withWebhook(EmbeddedStack.webhook()));

    assertThat(certificateSecret().get().getData()).isEqualTo(secret.getData());
    assertThat(configuration().get().getWebhooks())
        .extracting(ValidatingWebhook::getClientConfig)
        .allSatisfy(c -> assertThat(c.getCaBundle()).isEqualTo(secret.getData().get("ca.crt")));
    assertThat(refusalOf(withOwner("after-restart"))).contains("roleAssignments.allowedRoles");
  }

  /** What the webhook said refusing the create; fails when it was not refused by the webhook. */
  private String refusalOf(UserAssignedIdentity uai) {
    KubernetesClientException refused =
        catchThrowableOfType(
            () -> stack.client().resource(uai).create(), KubernetesClientException.class);
    assertThat(refused).as("refused at apply time").isNotNull();
    assertThat(refused.getCode()).isEqualTo(403);
    String message = refused.getStatus().getMessage();
    assertThat(message).startsWith(DENIED);
    return message.substring(DENIED.length());
  }

  private UserAssignedIdentity withOwner(String name) {
    UserAssignedIdentity uai = identity(name, "eastus");
    uai.getSpec()
        .setRoleAssignments(
            List.of(
                new RoleAssignmentSpec(
                    "Owner", "/subscriptions/" + sub + "/resourceGroups/" + RG)));
    return uai;
  }

  /** Every request that would change Azure (the webhook and the policy only read roles). */
  private static List<RecordedRequest> azureWrites() {
    return stack.emulator().control().requests().stream()
        .filter(r -> !r.method().equals("GET"))
        .filter(r -> !r.path().contains("/oauth2/"))
        .toList();
  }

  private static Resource<ValidatingWebhookConfiguration> configuration() {
    return stack
        .client()
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(EmbeddedStack.WEBHOOK_NAME);
  }

  private static Resource<Secret> certificateSecret() {
    return stack
        .client()
        .secrets()
        .inNamespace(EmbeddedStack.OPERATOR_NAMESPACE)
        .withName(EmbeddedStack.WEBHOOK_NAME);
  }
}
