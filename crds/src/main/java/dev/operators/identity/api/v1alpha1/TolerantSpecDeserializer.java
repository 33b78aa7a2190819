package dev.operators.identity.api.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a spec whatever it holds, so one object never stops the informer that serves every
 * resource: unknown fields are ignored (a newer CRD than this operator), and a value of the wrong
 * type (a string where a list belongs) makes a spec that carries only the problem, to be reported
 * in its status while nothing is sent to Azure for it.
 */
public final class TolerantSpecDeserializer extends JsonDeserializer<UserAssignedIdentitySpec> {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @Override
  public UserAssignedIdentitySpec deserialize(JsonParser parser, DeserializationContext context)
      throws IOException {
    JsonNode node = parser.readValueAsTree();
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      return UserAssignedIdentitySpec.unreadable(
          "spec is " + kind(node) + ", not an object", Map.of());
    }
    try {
      return specReader(parser).readValue(node);
    } catch (JsonMappingException e) {
      return UserAssignedIdentitySpec.unreadable(
          describe(e), MAPPER.convertValue(node, new TypeReference<Map<String, Object>>() {}));
    }
  }

  /**
   * The spec is read with the caller's mapper when there is one, so that its modules apply to the
   * spec too (the operator's client shares the strings it reads), without failing on fields this
   * version does not know.
   */
  private static ObjectReader specReader(JsonParser parser) {
    ObjectCodec codec = parser.getCodec();
    ObjectReader reader =
        codec instanceof ObjectMapper mapper
            ? mapper.readerFor(UserAssignedIdentitySpec.class)
            : codec instanceof ObjectReader given
                ? given.forType(UserAssignedIdentitySpec.class)
                : MAPPER.readerFor(UserAssignedIdentitySpec.class);
    return reader.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** "spec.roleAssignments: cannot read a string where a list belongs". */
  static String describe(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(
                ref ->
                    ref.getFieldName() != null
                        ? "." + ref.getFieldName()
                        : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining());
    String detail = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String found =
        detail.contains("START_ARRAY") || detail.contains("from Array value")
            ? "a list"
            : detail.contains("START_OBJECT") || detail.contains("from Object value")
                ? "an object"
                : detail.contains("String value") || detail.contains("VALUE_STRING")
                    ? "a string"
                    : "a value of another type";
    return "spec"
        + path
        + " cannot be read: it holds "
        + found
        + " where the API wants another type";
  }

  private static String kind(JsonNode node) {
    return node.isArray() ? "a list" : node.isTextual() ? "a string" : "a " + node.getNodeType();
  }
}
