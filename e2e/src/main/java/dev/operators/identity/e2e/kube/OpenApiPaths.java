package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paths of a resource in an OpenAPI v3 document, built from the operation templates of {@value
 * #OPERATIONS} (data: one per verb the resource serves).
 */
final class OpenApiPaths {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String META = OpenApiDocuments.META;

  /** The operation templates and query parameters of every resource's paths (data). */
  static final String OPERATIONS = "kubernetes/openapi-operations.json";

  private static final JsonNode TEMPLATES = loadTemplates();

  private static JsonNode loadTemplates() {
    try (var in = OpenApiPaths.class.getClassLoader().getResourceAsStream(OPERATIONS)) {
      if (in == null) {
        throw new IllegalStateException("missing class path resource " + OPERATIONS);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private OpenApiPaths() {}

  /**
   * The operations of one resource (or, with {@code status}, of its status subresource), from the
   * templates of {@value #OPERATIONS}: one per verb the resource serves.
   */
  static void add(
      ObjectNode paths,
      String group,
      String version,
      String kindName,
      String plural,
      boolean namespaced,
      boolean status,
      List<String> verbs,
      JsonNode objectSchema,
      JsonNode listSchema) {
    OpenApiDocuments.Gvk gvk = new OpenApiDocuments.Gvk(group, version, kindName);
    String prefix =
        gvk.group().isEmpty()
            ? "/api/" + gvk.version()
            : "/apis/" + gvk.group() + "/" + gvk.version();
    String collection = prefix + (namespaced ? "/namespaces/{namespace}/" : "/") + plural;
    String gvkId = groupId(gvk.group()) + capitalize(gvk.version()) + gvk.kind();
    String id =
        groupId(gvk.group())
            + capitalize(gvk.version())
            + (namespaced ? "Namespaced" : "")
            + gvk.kind();
    for (JsonNode template : TEMPLATES.path("operations")) {
      String on = template.path("on").asText();
      boolean applies =
          verbs.contains(template.path("verb").asText())
              && (on.equals("status") == status)
              && (!on.equals("allNamespaces") || namespaced);
      if (!applies) {
        continue;
      }
      String path =
          switch (on) {
            case "collection" -> collection;
            case "allNamespaces" -> prefix + "/" + plural;
            case "item" -> collection + "/{name}";
            default -> collection + "/{name}/status";
          };
      boolean named = on.equals("item") || on.equals("status");
      ObjectNode pathNode =
          paths.has(path)
              ? (ObjectNode) paths.get(path)
              : path(paths, path, namespaced && !on.equals("allNamespaces"), named);
      List<ObjectNode> parameters = new ArrayList<>();
      template.path("parameters").forEach(name -> parameters.add(param(name.asText())));
      JsonNode response =
          switch (template.path("response").asText()) {
            case "list" -> listSchema;
            case "status" -> OpenApiDocuments.ref(META + "Status");
            default -> objectSchema;
          };
      ObjectNode body =
          switch (template.path("body").asText("")) {
            case "object" -> body(objectSchema);
            case "patch" -> patchBody();
            case "deleteOptions" -> body(OpenApiDocuments.ref(META + "DeleteOptions"));
            default -> null;
          };
      pathNode.set(
          template.path("method").asText(),
          operation(
              template.path("action").asText(),
              template.path("id").asText().replace("{Id}", id).replace("{Gvk}", gvkId),
              template
                  .path("description")
                  .asText()
                  .replace("{a}", article(gvk.kind()))
                  .replace("{Kind}", gvk.kind()),
              gvk,
              parameters,
              body,
              response,
              template.path("created").asBoolean(false)));
    }
  }

  private static ObjectNode path(ObjectNode paths, String path, boolean namespaced, boolean named) {
    ObjectNode node = paths.putObject(path);
    ArrayNode parameters = node.putArray("parameters");
    if (named) {
      parameters.add(pathParam("name", "name of the object"));
    }
    if (namespaced) {
      parameters.add(
          pathParam("namespace", "object name and auth scope, such as for teams and projects"));
    }
    if (parameters.isEmpty()) {
      node.remove("parameters");
    }
    return node;
  }

  private static ObjectNode operation(
      String action,
      String operationId,
      String description,
      OpenApiDocuments.Gvk gvk,
      List<ObjectNode> parameters,
      ObjectNode requestBody,
      JsonNode responseSchema,
      boolean created) {
    ObjectNode op = MAPPER.createObjectNode();
    op.put("description", description);
    op.put("operationId", operationId);
    if (!parameters.isEmpty()) {
      ArrayNode params = op.putArray("parameters");
      parameters.forEach(params::add);
    }
    if (requestBody != null) {
      op.set("requestBody", requestBody);
    }
    ObjectNode responses = op.putObject("responses");
    responses.set("200", response("OK", responseSchema));
    if (created) {
      responses.set("201", response("Created", responseSchema));
    }
    responses.putObject("401").put("description", "Unauthorized");
    op.put("x-kubernetes-action", action);
    op.set(
        "x-kubernetes-group-version-kind",
        OpenApiDocuments.gvkNode(gvk.group(), gvk.version(), gvk.kind()));
    return op;
  }

  private static ObjectNode response(String description, JsonNode schema) {
    ObjectNode response = MAPPER.createObjectNode();
    response.put("description", description);
    ObjectNode content = response.putObject("content");
    for (String type : List.of("application/json", "application/yaml")) {
      content.putObject(type).set("schema", schema.deepCopy());
    }
    return response;
  }

  private static ObjectNode body(JsonNode schema) {
    ObjectNode body = MAPPER.createObjectNode();
    body.putObject("content").putObject("*/*").set("schema", schema.deepCopy());
    body.put("required", true);
    return body;
  }

  private static ObjectNode patchBody() {
    ObjectNode body = MAPPER.createObjectNode();
    ObjectNode content = body.putObject("content");
    for (String type : List.of("application/json-patch+json", "application/merge-patch+json")) {
      content.putObject(type).set("schema", OpenApiDocuments.ref(META + "Patch"));
    }
    body.put("required", true);
    return body;
  }

  private static ObjectNode pathParam(String name, String description) {
    ObjectNode param = MAPPER.createObjectNode();
    param.put("name", name);
    param.put("in", "path");
    param.put("description", description);
    param.put("required", true);
    param.putObject("schema").put("type", "string").put("uniqueItems", true);
    return param;
  }

  private static ObjectNode param(String name) {
    JsonNode definition = TEMPLATES.path("parameters").path(name);
    ObjectNode param = MAPPER.createObjectNode();
    param.put("name", name);
    param.put("in", "query");
    param.put("description", definition.path("description").asText(name));
    ObjectNode schema =
        param.putObject("schema").put("type", definition.path("type").asText("string"));
    schema.put("uniqueItems", true);
    return param;
  }

  private static String groupId(String group) {
    if (group.isEmpty()) {
      return "Core";
    }
    StringBuilder id = new StringBuilder();
    for (String part : group.split("[.-]")) {
      id.append(capitalize(part));
    }
    return id.toString();
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  private static String article(String word) {
    return "AEIOU".indexOf(Character.toUpperCase(word.charAt(0))) >= 0 ? "an" : "a";
  }
}
