package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a real API server does with a custom resource write, against the CRD's structural schema:
 * prune fields the schema does not declare (and nulls where the schema is not nullable), apply
 * schema defaults, then validate (types, patterns as Go reads them, enums, bounds, required: a JSON
 * Schema library; {@code x-kubernetes-validations}: {@link CelRules}; {@code
 * x-kubernetes-list-type: map} keys), collecting every violation as a Status cause the way the API
 * server words it.
 */
final class SchemaAdmission {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  /** A write's result: the object to store and the unknown fields it had (already pruned). */
  record Admitted(ObjectNode object, List<String> unknownFields, List<StatusCause> causes) {}

  private final CelRules cel = new CelRules();
  private final Map<JSONSchemaProps, JsonSchema> compiled = new IdentityHashMap<>();

  /** Prunes, defaults and validates {@code object} (a copy); {@code old} is null on create. */
  synchronized Admitted admit(JSONSchemaProps schema, ObjectNode object, ObjectNode old) {
    ObjectNode candidate = object.deepCopy();
    List<String> unknown = new ArrayList<>();
    prune(candidate, schema, "", unknown, true);
    applyDefaults(candidate, schema);
    List<StatusCause> causes = new ArrayList<>();
    for (ValidationMessage message : jsonSchema(schema).validate(candidate)) {
      causes.add(cause(message, candidate));
    }
    cel.validate(schema, candidate, old, "", causes);
    listMapDuplicates(schema, candidate, "", causes);
    return new Admitted(candidate, unknown, causes);
  }

  private JsonSchema jsonSchema(JSONSchemaProps schema) {
    return compiled.computeIfAbsent(
        schema,
        s -> {
          ObjectNode node = MAPPER.valueToTree(s);
          SchemaValidatorsConfig config =
              SchemaValidatorsConfig.builder()
                  .formatAssertionsEnabled(true)
                  .regularExpressionFactory(GoPatterns.INSTANCE)
                  .build();
          return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(node, config);
        });
  }

  /** Removes undeclared fields (recording their paths) and nulls the schema does not allow. */
  private static void prune(
      JsonNode value, JSONSchemaProps schema, String path, List<String> unknown, boolean root) {
    if (schema == null || Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
      return;
    }
    if (value instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String name = field.getKey();
        String childPath = path.isEmpty() ? name : path + "." + name;
        if (root && ROOT_FIELDS.contains(name)) {
          continue;
        }
        JSONSchemaProps child = childSchema(schema, name);
        if (child == null) {
          unknown.add(childPath);
          fields.remove();
        } else if (field.getValue().isNull() && !Boolean.TRUE.equals(child.getNullable())) {
          fields.remove();
        } else {
          prune(field.getValue(), child, childPath, unknown, false);
        }
      }
    } else if (value instanceof ArrayNode array && schema.getItems() != null) {
      for (int i = 0; i < array.size(); i++) {
        prune(array.get(i), schema.getItems().getSchema(), path + "[" + i + "]", unknown, false);
      }
    }
  }

  private static JSONSchemaProps childSchema(JSONSchemaProps schema, String name) {
    if (schema.getProperties() != null && schema.getProperties().containsKey(name)) {
      return schema.getProperties().get(name);
    }
    if (schema.getAdditionalProperties() != null) {
      return schema.getAdditionalProperties().getSchema() != null
          ? schema.getAdditionalProperties().getSchema()
          : Boolean.TRUE.equals(schema.getAdditionalProperties().getAllows())
              ? new JSONSchemaProps()
              : null;
    }
    return null;
  }

  /** Schema defaults for absent fields of present objects, as the API server applies them. */
  private static void applyDefaults(JsonNode value, JSONSchemaProps schema) {
    if (schema == null) {
      return;
    }
    if (value instanceof ObjectNode object && schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach(
              (name, child) -> {
                if (!object.has(name) && child.getDefault() != null) {
                  object.set(name, child.getDefault().deepCopy());
                }
                if (object.has(name)) {
                  applyDefaults(object.get(name), child);
                }
              });
    } else if (value instanceof ArrayNode array && schema.getItems() != null) {
      array.forEach(item -> applyDefaults(item, schema.getItems().getSchema()));
    }
  }

  private static void listMapDuplicates(
      JSONSchemaProps schema, JsonNode value, String path, List<StatusCause> causes) {
    if (schema == null || value == null) {
      return;
    }
    if (value.isArray() && "map".equals(schema.getXKubernetesListType())) {
      Set<Map<String, String>> seen = new LinkedHashSet<>();
      for (int i = 0; i < value.size(); i++) {
        Map<String, String> key = new LinkedHashMap<>();
        for (String k : schema.getXKubernetesListMapKeys()) {
          key.put(k, value.get(i).path(k).asText());
        }
        if (!seen.add(key)) {
          StringBuilder shown = new StringBuilder("map[string]interface {}{");
          key.forEach(
              (k, v) -> shown.append('"').append(k).append("\":\"").append(v).append("\", "));
          shown.setLength(shown.length() - 2);
          shown.append('}');
          causes.add(
              new StatusCauseBuilder()
                  .withReason("FieldValueDuplicate")
                  .withField(path + "[" + i + "]")
                  .withMessage("Duplicate value: " + shown)
                  .build());
        }
      }
    }
    if (value.isObject() && schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach(
              (name, child) ->
                  listMapDuplicates(
                      child, value.get(name), path.isEmpty() ? name : path + "." + name, causes));
    }
  }

  /** A JSON Schema violation in the API server's words: the field, its reason and message. */
  private static StatusCause cause(ValidationMessage message, JsonNode object) {
    String field = field(message.getInstanceLocation().toString());
    JsonNode value = at(object, message.getInstanceLocation().toString());
    Object[] args = message.getArguments() == null ? new Object[0] : message.getArguments();
    String shown =
        value == null ? "null" : value.isTextual() ? quote(value.asText()) : value.toString();
    String reason = "FieldValueInvalid";
    String text;
    switch (message.getType()) {
      case "pattern" ->
          text =
              "Invalid value: " + shown + ": " + field + " in body should match '" + args[0] + "'";
      case "maxLength" -> {
        reason = "FieldValueTooLong";
        text = "Too long: may not be more than " + args[0] + " bytes";
      }
      case "minLength" ->
          text =
              "Invalid value: "
                  + shown
                  + ": "
                  + field
                  + " in body should be at least "
                  + args[0]
                  + " chars long";
      case "maxItems", "maxProperties" -> {
        reason = "FieldValueTooMany";
        text = "Too many: " + value.size() + ": must have at most " + args[0] + " items";
      }
      case "enum" -> {
        reason = "FieldValueNotSupported";
        text = "Unsupported value: " + shown + ": supported values: " + supported(args);
      }
      case "required" -> {
        reason = "FieldValueRequired";
        field = (field.isEmpty() ? "" : field + ".") + message.getProperty();
        text = "Required value";
      }
      case "type" -> {
        reason = "FieldValueTypeInvalid";
        text =
            "Invalid value: \""
                + typeOf(value)
                + "\": "
                + field
                + " in body must be of type "
                + (args.length > 1 ? args[1] : args.length > 0 ? args[0] : "?")
                + ": "
                + shown;
      }
      default -> text = "Invalid value: " + shown + ": " + message.getMessage();
    }
    return new StatusCauseBuilder().withReason(reason).withField(field).withMessage(text).build();
  }

  private static String supported(Object[] args) {
    String list = args.length == 0 ? "" : String.valueOf(args[0]);
    // networknt prints [A, B]; the API server "A", "B"
    list = list.replaceAll("^\\[|]$", "");
    List<String> quoted = new ArrayList<>();
    for (String item : list.split(",\\s*")) {
      quoted.add(item.startsWith("\"") ? item : quote(item));
    }
    return String.join(", ", quoted);
  }

  private static String typeOf(JsonNode value) {
    if (value == null || value.isNull()) {
      return "null";
    }
    return value.isTextual()
        ? "string"
        : value.isArray()
            ? "array"
            : value.isObject() ? "object" : value.isBoolean() ? "boolean" : "number";
  }

  /**
   * A JSON pointer ("/spec/roleAssignments/0/scope") as a field path
   * (spec.roleAssignments[0].scope).
   */
  static String field(String pointer) {
    StringBuilder field = new StringBuilder();
    for (String token : pointer.split("/")) {
      if (token.isEmpty()) {
        continue;
      }
      String name = token.replace("~1", "/").replace("~0", "~");
      if (name.chars().allMatch(Character::isDigit)) {
        field.append('[').append(name).append(']');
      } else {
        field.append(field.length() == 0 ? "" : ".").append(name);
      }
    }
    return field.toString();
  }

  private static JsonNode at(JsonNode root, String pointer) {
    JsonNode found = root.at(pointer.equals("/") ? "" : pointer);
    return found.isMissingNode() ? null : found;
  }

  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
