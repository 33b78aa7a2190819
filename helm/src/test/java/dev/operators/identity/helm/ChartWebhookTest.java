package dev.operators.identity.helm;

import static dev.operators.identity.helm.ChartRenderer.NAMESPACE;
import static dev.operators.identity.helm.ChartTemplateTest.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.operators.identity.helm.ChartRenderer.Rendered;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code helm template}: the admission webhook: its configuration (only the operator's kinds), its
 * Service and port, the operator's settings, and its certificate from either source with exactly
 * the rights that source needs.
 */
class ChartWebhookTest {

  static final String VALUES = "clusterName: c1\nazure: {clientId: " + CLIENT_ID + "}\n";

  @Test
  void byDefaultOurTwoKindsAreSentToTheOperatorFailingClosedForThemOnly() {
    Rendered rendered = ChartRenderer.withValuesFile("aks-workload-identity");

    ValidatingWebhookConfiguration configuration =
        rendered.named(ValidatingWebhookConfiguration.class, WEBHOOK);
    assertThat(configuration.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(configuration.getWebhooks())
        .extracting(ValidatingWebhook::getName)
        .containsExactly(
            "userassignedidentities.identity.operators.dev",
            "identitypolicies.identity.operators.dev");
    assertThat(configuration.getWebhooks())
        .allSatisfy(
            w -> {
              assertThat(w.getAdmissionReviewVersions()).containsExactly("v1");
              assertThat(w.getSideEffects()).isEqualTo("None");
              assertThat(w.getFailurePolicy()).isEqualTo("Fail");
              assertThat(w.getTimeoutSeconds()).isEqualTo(10);
              assertThat(w.getClientConfig().getCaBundle()).as("patched by the operator").isNull();
              assertThat(w.getClientConfig().getService().getNamespace()).isEqualTo(NAMESPACE);
              assertThat(w.getClientConfig().getService().getName()).isEqualTo(WEBHOOK);
              assertThat(w.getClientConfig().getService().getPort()).isEqualTo(443);
              assertThat(w.getRules())
                  .singleElement()
                  .satisfies(
                      r -> {
                        assertThat(r.getApiGroups()).containsExactly("identity.operators.dev");
                        assertThat(r.getOperations()).containsExactly("CREATE", "UPDATE");
                      });
              assertThat(w.getNamespaceSelector()).isNull();
            });
    ValidatingWebhook identities = configuration.getWebhooks().get(0);
    assertThat(identities.getClientConfig().getService().getPath())
        .isEqualTo("/validate-userassignedidentity");
    assertThat(identities.getRules().get(0))
        .extracting(RuleWithOperations::getResources, RuleWithOperations::getScope)
        .containsExactly(List.of("userassignedidentities"), "Namespaced");
    ValidatingWebhook policies = configuration.getWebhooks().get(1);
    assertThat(policies.getClientConfig().getService().getPath())
        .isEqualTo("/validate-identitypolicy");
    assertThat(policies.getRules().get(0))
        .extracting(RuleWithOperations::getResources, RuleWithOperations::getScope)
        .containsExactly(List.of("identitypolicies"), "Cluster");

    Service service = rendered.named(Service.class, WEBHOOK);
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(443);
              assertThat(p.getTargetPort()).isEqualTo(new IntOrString("webhook"));
            });
    assertThat(service.getSpec().getSelector())
        .isEqualTo(rendered.one(Deployment.class).getSpec().getSelector().getMatchLabels());
    assertThat(operator(rendered).getPorts())
        .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .contains(org.assertj.core.groups.Tuple.tuple("webhook", 9443));
    assertThat(env(rendered))
        .containsEntry("OPERATOR_WEBHOOK_PORT", "9443")
        .containsEntry("OPERATOR_WEBHOOK_NAME", WEBHOOK)
        .containsEntry("OPERATOR_NAMESPACE", "valueFrom")
        .doesNotContainKey("OPERATOR_WEBHOOK_CERT_DIR");
    assertThat(rendered.ofKind("Certificate")).isEmpty();
    assertThat(rendered.ofKind("Issuer")).isEmpty();
  }

  @Test
  void aGeneratedCertificateGetsItsOneSecretAndItsOneConfigurationByName() {
    Rendered rendered = ChartRenderer.withValuesFile("aks-workload-identity");

    Role secrets = rendered.named(Role.class, WEBHOOK);
    assertThat(secrets.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(Rbac.describe(secrets.getRules()))
        .containsExactlyElementsOf(Rbac.webhookSecretRules(WEBHOOK));
    assertThat(Rbac.describe(rendered.named(ClusterRole.class, WEBHOOK).getRules()))
        .containsExactly(Rbac.webhookConfigurationRule(WEBHOOK));
    assertThat(rendered.named(io.fabric8.kubernetes.api.model.rbac.RoleBinding.class, WEBHOOK))
        .satisfies(b -> assertThat(b.getRoleRef().getName()).isEqualTo(WEBHOOK));
    assertThat(
            rendered.named(io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class, WEBHOOK))
        .satisfies(b -> assertThat(b.getSubjects().get(0).getName()).isEqualTo(FULLNAME));
  }

  @Test
  void certManagerIssuesTheCertificateMountsItAndInjectsTheCaWithNoSecretRights() {
    Rendered rendered =
        ChartRenderer.withValues(VALUES + "webhook: {certManager: {enabled: true}}\n");

    GenericKubernetesResource certificate =
        (GenericKubernetesResource) rendered.ofKind("Certificate").get(0);
    assertThat(certificate.getApiVersion()).isEqualTo("cert-manager.io/v1");
    assertThat(certificate.getMetadata().getName()).isEqualTo(WEBHOOK);
    assertThat(certificate.<String>get("spec", "secretName")).isEqualTo(WEBHOOK);
    assertThat(certificate.<List<String>>get("spec", "dnsNames"))
        .containsExactly(
            WEBHOOK + "." + NAMESPACE + ".svc", WEBHOOK + "." + NAMESPACE + ".svc.cluster.local");
    assertThat(certificate.<Map<String, Object>>get("spec", "issuerRef"))
        .containsEntry("kind", "Issuer")
        .containsEntry("name", WEBHOOK);
    assertThat(certificate.<String>get("spec", "privateKey", "encoding")).isEqualTo("PKCS8");
    GenericKubernetesResource issuer = (GenericKubernetesResource) rendered.ofKind("Issuer").get(0);
    assertThat(issuer.getMetadata().getName()).isEqualTo(WEBHOOK);
    assertThat(issuer.<Map<String, Object>>get("spec", "selfSigned")).isEmpty();
    assertThat(
            rendered
                .named(ValidatingWebhookConfiguration.class, WEBHOOK)
                .getMetadata()
                .getAnnotations())
        .containsEntry("cert-manager.io/inject-ca-from", NAMESPACE + "/" + WEBHOOK);

    assertThat(env(rendered))
        .containsEntry("OPERATOR_WEBHOOK_CERT_DIR", "/etc/azure-identity-operator/webhook");
    assertThat(operator(rendered).getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/etc/azure-identity-operator/webhook");
              assertThat(m.getReadOnly()).isTrue();
              assertThat(m.getSubPath()).as("a subPath mount would never see a renewal").isNull();
            });
    assertThat(rendered.one(Deployment.class).getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .singleElement()
        .satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo(WEBHOOK));
    assertThat(rendered.all(Role.class))
        .flatExtracting(Role::getRules)
        .flatExtracting(PolicyRule::getResources)
        .doesNotContain("secrets");
    assertThat(rendered.all(ClusterRole.class))
        .flatExtracting(ClusterRole::getRules)
        .flatExtracting(PolicyRule::getResources)
        .doesNotContain("validatingwebhookconfigurations");
  }

  @Test
  void settingsReachTheConfigurationAndThePod() {
    Rendered rendered =
        ChartRenderer.withValues(
            VALUES
                + "webhook: {port: 10443, failurePolicy: Ignore, timeoutSeconds: 5}\n"
                + "watchNamespaces: [team-a, team-b]\n");

    ValidatingWebhookConfiguration configuration =
        rendered.named(ValidatingWebhookConfiguration.class, WEBHOOK);
    assertThat(configuration.getWebhooks())
        .allSatisfy(
            w -> {
              assertThat(w.getFailurePolicy()).isEqualTo("Ignore");
              assertThat(w.getTimeoutSeconds()).isEqualTo(5);
            });
    assertThat(configuration.getWebhooks().get(0).getNamespaceSelector().getMatchExpressions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
              assertThat(e.getOperator()).isEqualTo("In");
              assertThat(e.getValues()).containsExactly("team-a", "team-b");
            });
    assertThat(configuration.getWebhooks().get(1).getNamespaceSelector())
        .as("policies are cluster-scoped")
        .isNull();
    assertThat(env(rendered)).containsEntry("OPERATOR_WEBHOOK_PORT", "10443");
    assertThat(operator(rendered).getPorts())
        .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .contains(org.assertj.core.groups.Tuple.tuple("webhook", 10443));
  }

  @Test
  void turnedOffNothingIsRenderedAndTheOperatorServesNone() {
    Rendered rendered =
        ChartRenderer.withValues(
            VALUES + "webhook: {enabled: false}\nnetworkPolicy: {enabled: true}\n");

    assertThat(rendered.all(ValidatingWebhookConfiguration.class)).isEmpty();
    assertThat(rendered.all(Service.class))
        .extracting(s -> s.getMetadata().getName())
        .containsExactly(FULLNAME + "-metrics");
    assertThat(rendered.all(Role.class))
        .extracting(r -> r.getMetadata().getName())
        .doesNotContain(WEBHOOK);
    assertThat(rendered.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .doesNotContain(WEBHOOK);
    assertThat(env(rendered))
        .containsEntry("OPERATOR_WEBHOOK_PORT", "0")
        .doesNotContainKeys("OPERATOR_WEBHOOK_NAME", "OPERATOR_NAMESPACE");
    assertThat(operator(rendered).getPorts())
        .extracting(ContainerPort::getName)
        .containsExactly("http");
    assertThat(rendered.one(NetworkPolicy.class).getSpec().getIngress())
        .flatExtracting(i -> i.getPorts())
        .extracting(p -> p.getPort())
        .containsExactly(new IntOrString("http"));
  }
}
