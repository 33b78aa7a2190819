package dev.operators.identity.api.build;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.operators.identity.api.ItemMaxLength;
import dev.operators.identity.api.ItemPattern;
import dev.operators.identity.api.ListMapKeys;
import dev.operators.identity.api.v1alpha1.AzureNameRules;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Build step (run by the crds module after the Fabric8 CRD generator) for what the generator cannot
 * express, all read from the Java model: printer columns in the order the {@link
 * AdditionalPrinterColumn} annotations are declared (the generator sorts them by JSONPath, so
 * {@code kubectl get} would show Age first); the {@link JsonClassDescription} of the custom
 * resource, its spec and its status as the schema's descriptions ({@code kubectl explain uai}); and
 * {@code x-kubernetes-list-type: map} for lists marked {@link ListMapKeys}.
 *
 * <p>Arguments: the directory holding the generated CRDs, then the custom resource class names.
 */
public final class CrdFinisher {

  private static final String HEADER =
      "# Generated from the Java model at build time (crds module): do not edit.\n";

  private CrdFinisher() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    KubernetesSerialization serialization = new KubernetesSerialization();
    for (String className : Arrays.asList(args).subList(1, args.length)) {
      Class<?> type = Class.forName(className);
      try (var files = Files.list(dir)) {
        for (Path file : files.filter(p -> p.toString().endsWith("-v1.yml")).toList()) {
          finish(file, type, serialization);
        }
      }
    }
  }

  private static void finish(Path file, Class<?> type, KubernetesSerialization serialization)
      throws IOException {
    CustomResourceDefinition crd =
        serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
    if (!type.getSimpleName().equals(crd.getSpec().getNames().getKind())) {
      return;
    }
    List<String> declared =
        Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    Comparator<CustomResourceColumnDefinition> byDeclaration =
        Comparator.comparingInt(column -> declared.indexOf(column.getName()));
    Class<?> spec = typeArgument(type, 0);
    Class<?> status = typeArgument(type, 1);
    for (var version : crd.getSpec().getVersions()) {
      version.getAdditionalPrinterColumns().sort(byDeclaration);
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      describe(root, type);
      describe(root.getProperties().get("spec"), spec);
      describe(root.getProperties().get("status"), status);
      listMaps(root.getProperties().get("spec"), spec);
      listMaps(root.getProperties().get("status"), status);
      itemBounds(root.getProperties().get("spec"), spec);
      itemBounds(root.getProperties().get("status"), status);
      conditionBounds(root.getProperties().get("status"));
    }
    Files.writeString(file, HEADER + serialization.asYaml(crd));
  }

  private static void describe(JSONSchemaProps schema, Class<?> type) {
    JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
    if (schema != null && description != null) {
      schema.setDescription(description.value());
    }
  }

  /** Marks the lists of {@code type} (and of the types below it) that carry {@link ListMapKeys}. */
  private static void listMaps(JSONSchemaProps schema, Class<?> type) {
    if (schema == null || schema.getProperties() == null) {
      return;
    }
    for (Field field : modelFields(type)) {
      JSONSchemaProps property = schema.getProperties().get(field.getName());
      if (property == null) {
        continue;
      }
      ListMapKeys keys = field.getAnnotation(ListMapKeys.class);
      if (keys != null) {
        List<String> required = property.getItems().getSchema().getRequired();
        for (String key : keys.value()) {
          if (required == null || !required.contains(key)) {
            throw new IllegalStateException(
                type.getSimpleName()
                    + "."
                    + field.getName()
                    + ": list map key "
                    + key
                    + " must be a required field of its entries");
          }
        }
        property.setXKubernetesListType("map");
        property.setXKubernetesListMapKeys(List.of(keys.value()));
      }
      Class<?> nested = modelClass(field);
      if (nested != null) {
        listMaps(
            "array".equals(property.getType()) ? property.getItems().getSchema() : property,
            nested);
      }
    }
  }

  /**
   * {@code items.maxLength} or {@code additionalProperties.maxLength} from {@link ItemMaxLength};
   * {@code items.pattern} from {@link ItemPattern}.
   */
  private static void itemBounds(JSONSchemaProps schema, Class<?> type) {
    for (Field field : modelFields(type)) {
      JSONSchemaProps property = schema.getProperties().get(field.getName());
      if (property == null) {
        continue;
      }
      ItemMaxLength bound = field.getAnnotation(ItemMaxLength.class);
      if (bound != null) {
        JSONSchemaProps item =
            "array".equals(property.getType())
                ? property.getItems().getSchema()
                : property.getAdditionalProperties().getSchema();
        item.setMaxLength((long) bound.value());
      }
      ItemPattern pattern = field.getAnnotation(ItemPattern.class);
      if (pattern != null) {
        property.getItems().getSchema().setPattern(pattern.value());
      }
      // Into the model's own nested classes (list entries and objects) as well.
      Class<?> nested = modelClass(field);
      if (nested != null) {
        JSONSchemaProps inner =
            "array".equals(property.getType()) ? property.getItems().getSchema() : property;
        if (inner != null && inner.getProperties() != null) {
          itemBounds(inner, nested);
        }
      }
    }
  }

  /** The fields of {@code type} and of its superclasses in the API model (an extended entry). */
  private static List<Field> modelFields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type;
        c != null && c.getPackageName().equals(AzureNameRules.class.getPackageName());
        c = c.getSuperclass()) {
      fields.addAll(Arrays.asList(c.getDeclaredFields()));
    }
    return fields;
  }

  /** The field's type, or its list's element type, when it is a class of the API model. */
  private static Class<?> modelClass(Field field) {
    Class<?> type = field.getType();
    if (List.class.isAssignableFrom(type)
        && field.getGenericType() instanceof ParameterizedType generic
        && generic.getActualTypeArguments()[0] instanceof Class<?> element) {
      type = element;
    }
    return type.getPackageName().equals(AzureNameRules.class.getPackageName()) && !type.isEnum()
        ? type
        : null;
  }

  /**
   * Fabric8's {@code Condition} model carries no schema bounds: give {@code status.conditions}
   * those of Kubernetes' own metav1.Condition (k8s.io/apimachinery/pkg/apis/meta/v1/types.go),
   * keyed by type as Kubernetes lists conditions.
   */
  private static void conditionBounds(JSONSchemaProps status) {
    JSONSchemaProps conditions = status == null ? null : status.getProperties().get("conditions");
    if (conditions == null) {
      return;
    }
    JSONSchemaProps condition = conditions.getItems().getSchema();
    var fields = condition.getProperties();
    fields.get("type").setMaxLength(316L);
    fields.get("reason").setMaxLength(1024L);
    fields.get("message").setMaxLength((long) AzureNameRules.MAX_MESSAGE_LENGTH);
    fields.get("status").setEnum(List.of(text("True"), text("False"), text("Unknown")));
    fields.get("lastTransitionTime").setFormat("date-time");
    fields.get("observedGeneration").setMinimum(0.0);
    condition.setRequired(List.of("status", "type"));
    conditions.setXKubernetesListType("map");
    conditions.setXKubernetesListMapKeys(List.of("type"));
  }

  private static JsonNode text(String value) {
    return TextNode.valueOf(value);
  }

  private static Class<?> typeArgument(Class<?> type, int index) {
    var parameterized = (ParameterizedType) type.getGenericSuperclass();
    if (!CustomResource.class.equals(parameterized.getRawType())) {
      throw new IllegalArgumentException(type + " does not extend CustomResource directly");
    }
    return (Class<?>) parameterized.getActualTypeArguments()[index];
  }
}
