package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.arm.ApiVersions;
import dev.operators.identity.emulator.arm.ArmErrors;
import dev.operators.identity.emulator.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An identity's {@code properties.assignmentRestrictions.providers} (preview/2025-05-31-preview and
 * stable/2026-05-31, {@link ApiVersions#MANAGED_IDENTITY_WITH_ASSIGNMENT_RESTRICTIONS}): the
 * resource providers ({@code Microsoft.Compute}) or provider/type pairs ({@code
 * Microsoft.Web/sites}) of the resources the identity may be attached to, compared
 * case-insensitively; empty or absent means any.
 *
 * <p>Settable on PUT and PATCH in those versions (a body without it keeps what is set, as for
 * {@code isolationScope}); in older versions the property is unknown and ignored, as the emulator
 * ignores every unknown property of an identity. Returned on GET in those versions, {@code
 * {"providers":[]}} when never set (as the 2025-05-31-preview examples show), and left out in the
 * others. An attach that breaks it is refused as {@link IdentityBlock} refuses a Regional identity
 * across regions: 400 {@code FailedIdentityOperation} around the inner code {@link
 * #VIOLATION_CODE}, an EMULATOR-INVENTED name (Azure publishes no error for it; unverified).
 */
final class AssignmentRestrictions {
  /** EMULATOR-INVENTED inner error code for an attach the identity's restrictions forbid. */
  static final String VIOLATION_CODE = "UserAssignedIdentityAssignmentRestrictionViolation";

  private static final String FIELD = "assignmentRestrictions";

  private AssignmentRestrictions() {}

  static boolean supported(String apiVersion) {
    return ApiVersions.supports(
        ApiVersions.MANAGED_IDENTITY_WITH_ASSIGNMENT_RESTRICTIONS, apiVersion);
  }

  /** The restrictions a body sets, in the stored shape; {@code null} when it sets none. */
  static ObjectNode requested(JsonNode body, String apiVersion) {
    if (!supported(apiVersion)) {
      return null;
    }
    JsonNode value = body.path("properties").get(FIELD);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw converting("IdentityAssignmentRestrictions", "properties." + FIELD);
    }
    ObjectNode stored = Json.object();
    ArrayNode providers = stored.putArray("providers");
    JsonNode requested = value.get("providers");
    if (requested == null || requested.isNull()) {
      return stored;
    }
    if (!requested.isArray()) {
      throw converting("List`1", "properties." + FIELD + ".providers");
    }
    for (int i = 0; i < requested.size(); i++) {
      JsonNode provider = requested.get(i);
      if (!provider.isTextual()) {
        throw converting("String", "properties." + FIELD + ".providers[" + i + "]");
      }
      providers.add(provider.asText());
    }
    return stored;
  }

  /** Sets the restrictions on a stored identity document's properties. */
  static void set(ObjectNode doc, ObjectNode restrictions) {
    ((ObjectNode) doc.get("properties")).set(FIELD, restrictions);
  }

  /** Shapes a document for an api-version: the default where the version has the property. */
  static void render(ObjectNode doc, String apiVersion) {
    ObjectNode properties = (ObjectNode) doc.get("properties");
    if (!supported(apiVersion)) {
      properties.remove(FIELD);
    } else if (!properties.has(FIELD)) {
      properties.putObject(FIELD).putArray("providers");
    }
  }

  /** The providers a stored identity is restricted to; empty when it may go anywhere. */
  static List<String> providers(JsonNode identity) {
    List<String> providers = new ArrayList<>();
    identity
        .path("properties")
        .path(FIELD)
        .path("providers")
        .forEach(p -> providers.add(p.asText()));
    return providers;
  }

  /** Whether restrictions allow a resource of this type (e.g. Microsoft.Web/sites). */
  static boolean allows(List<String> providers, String fullType) {
    if (providers.isEmpty()) {
      return true;
    }
    String type = fullType.toLowerCase(Locale.ROOT);
    String namespace = type.substring(0, type.indexOf('/'));
    return providers.stream()
        .map(p -> p.trim().toLowerCase(Locale.ROOT))
        .anyMatch(p -> p.equals(namespace) || p.equals(type));
  }

  private static dev.operators.identity.emulator.http.ArmException converting(
      String type, String path) {
    return ArmErrors.invalidRequestContent(
        "Error converting value to type '" + type + "'. Path '" + path + "'.");
  }
}
