package dev.operators.identity.e2e.kube;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * What a real API server checks when a CRD is created or updated, for the parts our CRDs use: a
 * structural schema (every node typed, list-map keys required), every CEL rule compiles, and the
 * estimated cost of each rule (times the sizes of the lists and maps above it) and of all rules
 * stays within the budget. A CRD that fails is refused with 422, as {@code kubectl apply} and
 * {@code helm install} would meet it.
 */
final class CrdRegistration {

  private CrdRegistration() {}

  /**
   * {@code crd} with a spec schema that enforces nothing ({@code
   * x-kubernetes-preserve-unknown-fields}), as an older or hand-made CRD may have; status keeps its
   * schema.
   */
  static CustomResourceDefinition withoutSpecSchema(CustomResourceDefinition crd) {
    for (var version : crd.getSpec().getVersions()) {
      version
          .getSchema()
          .getOpenAPIV3Schema()
          .getProperties()
          .put(
              "spec",
              new JSONSchemaPropsBuilder()
                  .withType("object")
                  .withXKubernetesPreserveUnknownFields(true)
                  .build());
    }
    return crd;
  }

  static List<StatusCause> problems(CustomResourceDefinition crd) {
    List<StatusCause> causes = new ArrayList<>();
    List<CustomResourceDefinitionVersion> versions = crd.getSpec().getVersions();
    for (int v = 0; v < versions.size(); v++) {
      var schema = versions.get(v).getSchema();
      if (schema == null || schema.getOpenAPIV3Schema() == null) {
        continue;
      }
      String prefix = "spec.versions[" + v + "].schema.";
      structural(schema.getOpenAPIV3Schema(), prefix + "openAPIV3Schema", causes);
      rules(schema.getOpenAPIV3Schema(), prefix, causes);
    }
    return causes;
  }

  private static void structural(JSONSchemaProps node, String path, List<StatusCause> causes) {
    boolean untyped =
        Boolean.TRUE.equals(node.getXKubernetesIntOrString())
            || Boolean.TRUE.equals(node.getXKubernetesPreserveUnknownFields());
    if ((node.getType() == null || node.getType().isEmpty()) && !untyped) {
      causes.add(cause("FieldValueRequired", path + ".type", "Required value: must not be empty"));
    }
    if ("map".equals(node.getXKubernetesListType())) {
      JSONSchemaProps item = node.getItems() == null ? null : node.getItems().getSchema();
      for (String key : node.getXKubernetesListMapKeys()) {
        JSONSchemaProps keyed =
            item == null || item.getProperties() == null ? null : item.getProperties().get(key);
        boolean required =
            item != null && item.getRequired() != null && item.getRequired().contains(key);
        if (keyed == null || (!required && keyed.getDefault() == null)) {
          causes.add(
              cause(
                  "FieldValueRequired",
                  path + ".items.properties[" + key + "]",
                  "Required value: this property is in x-kubernetes-list-map-keys, so it must have"
                      + " a default or be a required property"));
        }
      }
    }
    if (node.getProperties() != null) {
      node.getProperties()
          .forEach((name, child) -> structural(child, path + ".properties[" + name + "]", causes));
    }
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      structural(node.getItems().getSchema(), path + ".items", causes);
    }
    if (node.getAdditionalProperties() != null
        && node.getAdditionalProperties().getSchema() != null) {
      structural(
          node.getAdditionalProperties().getSchema(), path + ".additionalProperties", causes);
    }
  }

  private static void rules(JSONSchemaProps root, String prefix, List<StatusCause> causes) {
    long total = 0;
    for (CelCostEstimator.RuleCost rule : CelCostEstimator.costs(root)) {
      String field = prefix + rule.path() + ".x-kubernetes-validations[" + rule.index() + "].rule";
      String error = CelRules.compileError(rule.rule());
      if (error != null) {
        causes.add(
            cause(
                "FieldValueInvalid",
                field,
                "Invalid value: "
                    + SchemaAdmission.quote(rule.rule())
                    + ": compilation failed: "
                    + error));
        continue;
      }
      if (rule.total() > CelCostEstimator.RULE_LIMIT) {
        causes.add(
            cause(
                "FieldValueForbidden",
                field,
                "Forbidden: estimated rule cost exceeds budget by factor of "
                    + factor(rule.total(), CelCostEstimator.RULE_LIMIT)
                    + " (try simplifying the rule, or adding maxItems, maxProperties, and"
                    + " maxLength where arrays, maps, and strings are declared)"));
      }
      total = total + rule.total() < 0 ? Long.MAX_VALUE : total + rule.total();
    }
    if (total > CelCostEstimator.CRD_LIMIT) {
      causes.add(
          cause(
              "FieldValueForbidden",
              prefix + "openAPIV3Schema",
              "Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3"
                  + " schema exceeds budget by factor of "
                  + factor(total, CelCostEstimator.CRD_LIMIT)
                  + " (try simplifying the rule, or adding maxItems, maxProperties, and maxLength"
                  + " where arrays, maps, and strings are declared)"));
    }
  }

  private static String factor(long cost, long limit) {
    double factor = (double) cost / limit;
    return factor > 100 ? "more than 100x" : String.format("%.1fx", factor);
  }

  private static StatusCause cause(String reason, String field, String message) {
    return new StatusCauseBuilder()
        .withReason(reason)
        .withField(field)
        .withMessage(message)
        .build();
  }
}
