package dev.operators.identity.e2e.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The io.k8s.apimachinery.pkg.apis.meta.v1 schemas the OpenAPI v3 documents refer to (ObjectMeta
 * with ManagedFieldsEntry, OwnerReference, Time and FieldsV1; ListMeta; Status with StatusDetails
 * and StatusCause; DeleteOptions with Preconditions; Patch), as Kubernetes publishes them: data
 * copied from api/openapi-spec/v3 of kubernetes/kubernetes (the resource {@value #RESOURCE} names
 * the commit), not written out here.
 */
final class MetaSchemas {

  static final String RESOURCE = "kubernetes/meta-v1-openapi-schemas.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectNode PUBLISHED = load();

  private MetaSchemas() {}

  private static ObjectNode load() {
    try (InputStream in = MetaSchemas.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing class path resource " + RESOURCE);
      }
      return (ObjectNode) MAPPER.readTree(in).get("schemas");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds the schemas to a document's {@code components.schemas}. */
  static void addTo(ObjectNode schemas) {
    PUBLISHED.fields().forEachRemaining(e -> schemas.set(e.getKey(), e.getValue().deepCopy()));
  }

  /** The {@code apiVersion} property every object has, as the published Status declares it. */
  static ObjectNode apiVersion() {
    return statusProperty("apiVersion");
  }

  /** The {@code kind} property every object has, as the published Status declares it. */
  static ObjectNode kind() {
    return statusProperty("kind");
  }

  private static ObjectNode statusProperty(String name) {
    JsonNode property =
        PUBLISHED.path(OpenApiDocuments.META + "Status").path("properties").path(name);
    return (ObjectNode) property.deepCopy();
  }

  /** {@code {"description": ..., "allOf": [{"$ref": ...}]}}. */
  static ObjectNode refWithDescription(String schemaName, String description) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("description", description);
    node.putArray("allOf").addObject().put("$ref", OpenApiDocuments.SCHEMAS + schemaName);
    return node;
  }
}
