package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@code meta.k8s.io/v1 Table} that {@code kubectl get} asks for (with {@code Accept:
 * application/json;as=Table;v=v1;g=meta.k8s.io}) from a resource or a list of resources, the way
 * the API server's custom-resource table convertor does: a Name column, then the CRD's {@code
 * additionalPrinterColumns} (or an Age column when it has none), each cell read with the column's
 * JSONPath; {@code date} cells are shown as an age ("5m2s"), missing values as null ({@code
 * <none>}).
 */
final class PrinterTable {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private record Column(CustomResourceColumnDefinition definition, KubernetesJsonPath path) {}

  private final List<Column> columns = new ArrayList<>();
  private final boolean nameColumn;

  /**
   * @param printerColumns the CRD version's additionalPrinterColumns; null or empty gives the
   *     default Name/Age table. Columns whose JSONPath does not parse ({@link KubernetesJsonPath})
   *     are kept and always show {@code <none>}.
   */
  PrinterTable(List<CustomResourceColumnDefinition> printerColumns) {
    this(printerColumns, true);
  }

  /** With {@code nameColumn} false the table has only the given columns (as for Events). */
  PrinterTable(List<CustomResourceColumnDefinition> printerColumns, boolean nameColumn) {
    this.nameColumn = nameColumn;
    List<CustomResourceColumnDefinition> definitions =
        printerColumns == null || printerColumns.isEmpty()
            ? List.of(column("Age", "date", ".metadata.creationTimestamp", "Creation time", 0))
            : printerColumns;
    for (CustomResourceColumnDefinition definition : definitions) {
      KubernetesJsonPath path;
      try {
        path = KubernetesJsonPath.compile(definition.getJsonPath());
      } catch (IllegalArgumentException e) {
        path = null;
      }
      columns.add(new Column(definition, path));
    }
  }

  static CustomResourceColumnDefinition column(
      String name, String type, String jsonPath, String description, int priority) {
    CustomResourceColumnDefinition definition = new CustomResourceColumnDefinition();
    definition.setName(name);
    definition.setType(type);
    definition.setJsonPath(jsonPath);
    definition.setDescription(description);
    definition.setPriority(priority);
    return definition;
  }

  /**
   * The Table for {@code listOrObject}: a {@code *List} (every item becomes a row) or one object.
   *
   * @param includeObject the request's {@code includeObject} parameter: {@code None}, {@code
   *     Object}, or anything else for the default {@code Metadata} (PartialObjectMetadata)
   */
  ObjectNode toTable(JsonNode listOrObject, String includeObject, Instant now) {
    ObjectNode table = JSON.objectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    JsonNode sourceMetadata = listOrObject.path("metadata");
    if (listOrObject.has("items")) {
      copyText(sourceMetadata, metadata, "resourceVersion");
      copyText(sourceMetadata, metadata, "continue");
    } else {
      copyText(sourceMetadata, metadata, "resourceVersion");
    }

    ArrayNode definitions = table.putArray("columnDefinitions");
    if (nameColumn) {
      addNameColumn(definitions);
    }
    for (Column column : columns) {
      ObjectNode definition = definitions.addObject();
      definition.put("name", column.definition().getName());
      definition.put("type", column.definition().getType());
      definition.put(
          "format", column.definition().getFormat() == null ? "" : column.definition().getFormat());
      definition.put(
          "description",
          column.definition().getDescription() == null
              ? column.definition().getName()
              : column.definition().getDescription());
      Integer priority = column.definition().getPriority();
      definition.put("priority", priority == null ? 0 : priority);
    }

    ArrayNode rows = table.putArray("rows");
    if (listOrObject.has("items")) {
      for (JsonNode item : listOrObject.path("items")) {
        rows.add(row(item, includeObject, now));
      }
    } else {
      rows.add(row(listOrObject, includeObject, now));
    }
    return table;
  }

  private static void addNameColumn(ArrayNode definitions) {
    ObjectNode nameColumn = definitions.addObject();
    nameColumn.put("name", "Name");
    nameColumn.put("type", "string");
    nameColumn.put("format", "name");
    nameColumn.put(
        "description",
        "Name must be unique within a namespace. More info:"
            + " https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names");
    nameColumn.put("priority", 0);
  }

  private ObjectNode row(JsonNode object, String includeObject, Instant now) {
    ObjectNode row = JSON.objectNode();
    ArrayNode cells = row.putArray("cells");
    if (nameColumn) {
      cells.add(object.path("metadata").path("name").asText(""));
    }
    for (Column column : columns) {
      JsonNode value = column.path() == null ? null : column.path().first(object);
      cells.add(cell(column.definition().getType(), value, now));
    }
    if ("Object".equals(includeObject)) {
      row.set("object", object);
    } else if (!"None".equals(includeObject)) {
      ObjectNode partial = row.putObject("object");
      partial.put("kind", "PartialObjectMetadata");
      partial.put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", object.path("metadata").deepCopy());
    }
    return row;
  }

  /**
   * One cell as the API server renders it for the column type (apiextensions' cellForJSONValue).
   */
  static JsonNode cell(String type, JsonNode value, Instant now) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return JSON.nullNode();
    }
    switch (type == null ? "string" : type) {
      case "integer":
        return value.canConvertToLong() && value.isNumber()
            ? JSON.numberNode(value.longValue())
            : JSON.nullNode();
      case "number":
        return value.isNumber() ? value : JSON.nullNode();
      case "boolean":
        return value.isBoolean() ? value : JSON.nullNode();
      case "date":
        if (!value.isTextual()) {
          return JSON.nullNode();
        }
        try {
          return JSON.textNode(humanDuration(Duration.between(Instant.parse(value.asText()), now)));
        } catch (DateTimeParseException e) {
          return JSON.textNode("<invalid>");
        }
      default:
        return JSON.textNode(value.isValueNode() ? value.asText() : value.toString());
    }
  }

  /**
   * Kubernetes' duration.HumanDuration: "42s", "3m5s", "12m", "5h3m", "9h", "3d4h", "20d", "2y".
   */
  static String humanDuration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < -1) {
      return "<invalid>";
    } else if (seconds < 0) {
      return "0s";
    } else if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    } else if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 + "d";
    } else if (hours < 24 * 365 * 8) {
      long days = (hours / 24) % 365;
      return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
    }
    return hours / 24 / 365 + "y";
  }

  private static void copyText(JsonNode from, ObjectNode to, String field) {
    JsonNode value = from.get(field);
    if (value != null && value.isTextual() && !value.asText().isEmpty()) {
      to.put(field, value.asText());
    }
  }
}
