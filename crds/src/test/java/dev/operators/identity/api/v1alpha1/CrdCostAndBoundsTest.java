package dev.operators.identity.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.operators.identity.api.build.CelCostEstimator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsOrBool;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  static final long RULE_LIMIT = 10_000_000;
  static final long CRD_LIMIT = 100_000_000;

  record Rule(String path, String rule, long cost, long cardinality) {
    long total() {
      return cost * cardinality;
    }
  }

  static JSONSchemaProps root;

  @BeforeAll
  static void load() throws IOException {
    Path dir = Path.of(System.getProperty("crd.generated.dir"));
    CustomResourceDefinition crd =
        new KubernetesSerialization()
            .unmarshal(
                Files.readString(
                    dir.resolve("userassignedidentities.identity.operators.dev-v1.yml")),
                CustomResourceDefinition.class);
    root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
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
    List<Rule> rules = new ArrayList<>();
    collect(root, "", 1, rules);
    assertThat(rules).isNotEmpty();
    long total = 0;
    StringBuilder report = new StringBuilder("Estimated CEL cost of every rule of the CRD:\n");
    for (Rule rule : rules) {
      report.append(
          String.format(
              "  %-28s %,10d x %4d = %,12d  %s%n",
              rule.path(), rule.cost(), rule.cardinality(), rule.total(), rule.rule()));
      assertThat(rule.total())
          .as("%s: %s", rule.path(), rule.rule())
          .isLessThanOrEqualTo(RULE_LIMIT);
      total += rule.total();
    }
    report.append(String.format("  total %,d (limit %,d)%n", total, CRD_LIMIT));
    System.out.print(report);
    assertThat(total).isLessThanOrEqualTo(CRD_LIMIT);
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

  private static void collect(JSONSchemaProps node, String path, long cardinality, List<Rule> out) {
    if (node == null) {
      return;
    }
    for (ValidationRule rule :
        node.getXKubernetesValidations() == null
            ? List.<ValidationRule>of()
            : node.getXKubernetesValidations()) {
      out.add(
          new Rule(
              path.isEmpty() ? "<root>" : path,
              rule.getRule(),
              CelCostEstimator.estimate(rule.getRule(), node),
              cardinality));
    }
    if (node.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> p : node.getProperties().entrySet()) {
        collect(p.getValue(), path + "." + p.getKey(), cardinality, out);
      }
    }
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      collect(
          node.getItems().getSchema(), path + "[*]", cardinality * maxOf(node.getMaxItems()), out);
    }
    if (node.getAdditionalProperties() != null
        && node.getAdditionalProperties().getSchema() != null) {
      collect(
          node.getAdditionalProperties().getSchema(),
          path + "{*}",
          cardinality * maxOf(node.getMaxProperties()),
          out);
    }
  }

  private static long maxOf(Long bound) {
    return bound == null ? 3 * 1024 * 1024 : bound;
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
