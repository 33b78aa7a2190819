package dev.operators.identity.e2e.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrBool;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CRD as a real API server judges it at registration: every string, list and map bounded, and
 * every CEL rule within the cost budget (10,000,000 per rule, 100,000,000 for the CRD) by the
 * estimate Kubernetes computes. The estimator is first checked against Kubernetes' own expected
 * costs (apiextensions-apiserver pkg/apiserver/schema/cel/compilation_test.go, TestCostEstimation).
 */
class CrdCostAndBoundsTest {

  static JSONSchemaProps root;

  @BeforeAll
  static void load() throws IOException {
    try (var in =
        CrdCostAndBoundsTest.class
            .getClassLoader()
            .getResourceAsStream(EmbeddedKubernetesFixture.CRD_RESOURCE)) {
      CustomResourceDefinition crd =
          new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }
  }

  @ParameterizedTest(name = "{0} on {1} (bound {2}) costs {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "self.startsWith('test') | string | 15 | 2",
        "self.contains('test') | string | 10 | 5",
        "self.matches('x') | string | 50 | 22",
        "self.lowerAscii() == 'lower!' | string | 10 | 6",
        "self.all(x, true) | map-of-numbers | 10 | 32",
        "self.all(x, x.contains(self[x])) | map-of-strings | 10 | 72",
        "self.contains('test') | string | -1 | 314574",
        "self.lowerAscii() == 'lower!' | string | -1 | 314575",
      })
  void theEstimatorAgreesWithKubernetesOwnExpectations(
      String rule, String shape, long bound, long expected) {
    Long max = bound < 0 ? null : bound;
    JSONSchemaProps schema =
        switch (shape) {
          case "string" ->
              new JSONSchemaPropsBuilder().withType("string").withMaxLength(max).build();
          case "map-of-numbers" ->
              new JSONSchemaPropsBuilder()
                  .withType("object")
                  .withMaxProperties(max)
                  .withAdditionalProperties(
                      new JSONSchemaPropsOrBool(
                          null, new JSONSchemaPropsBuilder().withType("number").build()))
                  .build();
          default ->
              new JSONSchemaPropsBuilder()
                  .withType("object")
                  .withMaxProperties(max)
                  .withAdditionalProperties(
                      new JSONSchemaPropsOrBool(
                          null,
                          new JSONSchemaPropsBuilder()
                              .withType("string")
                              .withMaxLength(max)
                              .build()))
                  .build();
        };

    assertThat(CelCostEstimator.estimate(rule, schema)).isEqualTo(expected);
  }

  @Test
  void everyRuleIsWithinTheBudgetOfARealApiServer() {
    List<CelCostEstimator.RuleCost> rules = CelCostEstimator.costs(root);
    assertThat(rules).isNotEmpty();
    long total = 0;
    StringBuilder report = new StringBuilder("Estimated CEL cost of every rule of the CRD:\n");
    for (CelCostEstimator.RuleCost rule : rules) {
      report.append(
          String.format(
              "  %-72s %,7d x %4d = %,10d  %s%n",
              rule.path(), rule.cost(), rule.cardinality(), rule.total(), rule.rule()));
      assertThat(rule.total())
          .as("%s: %s", rule.path(), rule.rule())
          .isLessThanOrEqualTo(CelCostEstimator.RULE_LIMIT);
      total += rule.total();
    }
    report.append(String.format("  total %,d (limit %,d)%n", total, CelCostEstimator.CRD_LIMIT));
    System.out.print(report);
    assertThat(total).isLessThanOrEqualTo(CelCostEstimator.CRD_LIMIT);
  }

  @Test
  void everyStringListAndMapHasABound() {
    List<String> unbounded = new ArrayList<>();
    walk(root, "", unbounded);
    assertThat(unbounded).as("schema nodes without maxLength, maxItems or maxProperties").isEmpty();
  }

  @Test
  void duplicatesAreRefusedByListMapKeysNotByQuadraticRules() {
    JSONSchemaProps spec = root.getProperties().get("spec");
    assertThat(spec.getProperties().get("roleAssignments").getXKubernetesListType())
        .isEqualTo("map");
    assertThat(spec.getProperties().get("roleAssignments").getXKubernetesListMapKeys())
        .containsExactly("role", "scope");
    assertThat(spec.getProperties().get("assignees").getXKubernetesListMapKeys())
        .containsExactly("resourceId");
    assertThat(
            root.getProperties()
                .get("status")
                .getProperties()
                .get("conditions")
                .getXKubernetesListMapKeys())
        .containsExactly("type");
  }

  @Test
  void theKindSpecAndStatusExplainThemselves() {
    assertThat(root.getDescription()).startsWith("An Azure user-assigned managed identity");
    assertThat(root.getProperties().get("spec").getDescription()).isNotBlank();
    assertThat(root.getProperties().get("status").getDescription()).isNotBlank();
  }

  private static void walk(JSONSchemaProps node, String path, List<String> unbounded) {
    String type = node.getType() == null ? "" : node.getType();
    boolean bounded =
        switch (type) {
          case "string" ->
              node.getMaxLength() != null
                  || (node.getEnum() != null && !node.getEnum().isEmpty())
                  || "date-time".equals(node.getFormat());
          case "array" -> node.getMaxItems() != null;
          case "object" ->
              node.getAdditionalProperties() == null || node.getMaxProperties() != null;
          default -> true;
        };
    if (!bounded && !path.equals(".metadata")) {
      unbounded.add(path.isEmpty() ? "<root>" : path);
    }
    if (node.getProperties() != null) {
      node.getProperties().forEach((name, child) -> walk(child, path + "." + name, unbounded));
    }
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      walk(node.getItems().getSchema(), path + "[*]", unbounded);
    }
    if (node.getAdditionalProperties() != null
        && node.getAdditionalProperties().getSchema() != null) {
      walk(node.getAdditionalProperties().getSchema(), path + "{*}", unbounded);
    }
  }

  static TextNode text(String value) {
    return TextNode.valueOf(value);
  }
}
