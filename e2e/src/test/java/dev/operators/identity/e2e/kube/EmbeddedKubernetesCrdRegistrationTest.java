package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CRD registration as a real API server does it: the CRD this project ships is accepted; one with a
 * rule over its budget, a rule that does not compile or a list-map key that is not required is
 * refused with 422, as {@code helm install} would meet it.
 */
class EmbeddedKubernetesCrdRegistrationTest extends EmbeddedKubernetesFixture {

  /** The rule the CRD had before: quadratic over 200 entries of an unbounded scope. */
  static final String QUADRATIC =
      "self.all(a, self.filter(b, b.role == a.role && b.scope.lowerAscii() =="
          + " a.scope.lowerAscii()).size() == 1)";

  private static CustomResourceDefinition ours(String name) {
    try (var in =
        EmbeddedKubernetesCrdRegistrationTest.class
            .getClassLoader()
            .getResourceAsStream(CRD_RESOURCE)) {
      CustomResourceDefinition crd =
          new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      crd.getMetadata().setName(name + "." + crd.getSpec().getGroup());
      crd.getSpec().getNames().setPlural(name);
      crd.getSpec().getNames().setKind("K" + name);
      crd.getSpec().getNames().setShortNames(List.of());
      return crd;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JSONSchemaProps roleAssignments(CustomResourceDefinition crd) {
    return crd.getSpec()
        .getVersions()
        .get(0)
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("spec")
        .getProperties()
        .get("roleAssignments");
  }

  @Test
  void theShippedCrdIsAccepted() {
    assertThat(kube.crds())
        .extracting(c -> c.getSpec().getNames().getKind())
        .contains("UserAssignedIdentity");
    kube.installCrd(ours("acceptedcopies"));
  }

  @Test
  void aRuleOverItsBudgetIsRefused() {
    CustomResourceDefinition crd = ours("quadratics");
    JSONSchemaProps list = roleAssignments(crd);
    list.setXKubernetesListType(null);
    list.setXKubernetesListMapKeys(null);
    list.getItems().getSchema().getProperties().get("scope").setMaxLength(null);
    list.setXKubernetesValidations(
        List.of(
            new io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder()
                .withRule(QUADRATIC)
                .withMessage("no twins")
                .build()));
    long cost =
        CelCostEstimator.costs(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema())
            .stream()
            .filter(r -> r.rule().equals(QUADRATIC))
            .findFirst()
            .orElseThrow()
            .total();
    System.out.printf("estimated cost of the former uniqueness rule: %,d%n", cost);

    assertThatThrownBy(() -> kube.installCrd(crd))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("422")
        .hasMessageContaining("properties[roleAssignments].x-kubernetes-validations[0].rule")
        .hasMessageContaining("estimated rule cost exceeds budget by factor of");
    assertThat(cost).isGreaterThan(CelCostEstimator.RULE_LIMIT);
  }

  @Test
  void aRuleThatDoesNotCompileIsRefused() {
    CustomResourceDefinition crd = ours("brokenrules");
    roleAssignments(crd)
        .setXKubernetesValidations(
            List.of(
                new io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder()
                    .withRule("self.all(")
                    .build()));

    assertThatThrownBy(() -> kube.installCrd(crd)).hasMessageContaining("compilation failed");
  }

  @Test
  void aListMapKeyThatIsNotRequiredIsRefused() {
    CustomResourceDefinition crd = ours("loosekeys");
    roleAssignments(crd).getItems().getSchema().setRequired(List.of("role"));

    assertThatThrownBy(() -> kube.installCrd(crd))
        .hasMessageContaining("properties[scope]")
        .hasMessageContaining("must have a default or be a required property");
  }
}
