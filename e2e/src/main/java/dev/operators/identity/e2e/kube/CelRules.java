package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code x-kubernetes-validations} evaluated as the API server evaluates them, with Google's CEL
 * for Java and the Kubernetes string extensions ({@code lowerAscii} and friends): {@code self} is
 * the value at the rule's node; a transition rule (one that names {@code oldSelf}) runs only on an
 * update where the old object has a value at the same place.
 */
final class CelRules {

  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addCompilerLibraries(CelExtensions.strings())
          .addRuntimeLibraries(CelExtensions.strings())
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();

  private final Map<String, CelRuntime.Program> programs = new HashMap<>();

  /** Compiles a rule; the error text when it does not compile. */
  static String compileError(String rule) {
    CelValidationResult result = CEL.compile(rule);
    return result.hasError() ? result.getErrorString() : null;
  }

  /** Evaluates every rule under {@code schema} against {@code value}, adding violations. */
  void validate(
      JSONSchemaProps schema, JsonNode value, JsonNode old, String path, List<StatusCause> causes) {
    if (schema == null || value == null || value.isNull() || value.isMissingNode()) {
      return;
    }
    List<ValidationRule> rules = schema.getXKubernetesValidations();
    if (rules != null) {
      for (ValidationRule rule : rules) {
        check(rule, value, old, path, causes);
      }
    }
    if (value.isObject() && schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach(
              (name, child) ->
                  validate(
                      child,
                      value.get(name),
                      old == null ? null : old.get(name),
                      path.isEmpty() ? name : path + "." + name,
                      causes));
    }
    if (value.isObject()
        && schema.getAdditionalProperties() != null
        && schema.getAdditionalProperties().getSchema() != null) {
      value
          .fields()
          .forEachRemaining(
              e ->
                  validate(
                      schema.getAdditionalProperties().getSchema(),
                      e.getValue(),
                      old == null ? null : old.get(e.getKey()),
                      path + "[" + e.getKey() + "]",
                      causes));
    }
    if (value.isArray() && schema.getItems() != null && schema.getItems().getSchema() != null) {
      // Items of a list correlate with the old list only by list-map keys: none here.
      for (int i = 0; i < value.size(); i++) {
        validate(schema.getItems().getSchema(), value.get(i), null, path + "[" + i + "]", causes);
      }
    }
  }

  private void check(
      ValidationRule rule, JsonNode value, JsonNode old, String path, List<StatusCause> causes) {
    boolean transition = rule.getRule().contains("oldSelf");
    if (transition && (old == null || old.isNull())) {
      return;
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put("self", toCel(value));
    if (transition) {
      variables.put("oldSelf", toCel(old));
    }
    String failure;
    try {
      Object result = program(rule.getRule()).eval(variables);
      failure = Boolean.TRUE.equals(result) ? null : message(rule);
    } catch (CelEvaluationException e) {
      failure = "rule evaluation failed: " + e.getMessage();
    }
    if (failure != null) {
      String field = rule.getFieldPath() == null ? path : path + rule.getFieldPath();
      causes.add(
          new StatusCauseBuilder()
              .withReason(rule.getReason() == null ? "FieldValueInvalid" : rule.getReason())
              .withField(field)
              .withMessage("Invalid value: \"" + kind(value) + "\": " + failure)
              .build());
    }
  }

  private synchronized CelRuntime.Program program(String rule) {
    return programs.computeIfAbsent(
        rule,
        r -> {
          CelValidationResult compiled = CEL.compile(r);
          try {
            CelAbstractSyntaxTree ast = compiled.getAst();
            return CEL.createProgram(ast);
          } catch (Exception e) {
            throw new IllegalArgumentException("rule does not compile: " + r, e);
          }
        });
  }

  private static String message(ValidationRule rule) {
    return rule.getMessage() != null && !rule.getMessage().isBlank()
        ? rule.getMessage()
        : "failed rule: " + rule.getRule();
  }

  private static String kind(JsonNode value) {
    return value.isObject()
        ? "object"
        : value.isArray()
            ? "array"
            : value.isTextual()
                ? "string"
                : value.isBoolean() ? "boolean" : value.isIntegralNumber() ? "integer" : "number";
  }

  /** JSON as CEL values: maps, lists, strings, longs, doubles, booleans. */
  static Object toCel(JsonNode node) {
    if (node == null || node.isNull()) {
      return NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toCel(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
