package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The {@code identity} block of a resource, as ARM (which performs the identity operation for every
 * provider, hence the shared {@code FailedIdentityOperation} error) and the providers treat it.
 *
 * <p>Sources:
 *
 * <ul>
 *   <li>Shapes: Compute {@code VirtualMachineIdentity} / {@code UserAssignedIdentitiesValue}
 *       (principalId, clientId), Web {@code ManagedServiceIdentity}, common-types v3 {@code
 *       ManagedServiceIdentity} for Container Apps.
 *   <li>Unknown identity: 400 {@code FailedIdentityOperation} "Identity operation for resource
 *       '...' failed with error 'Failed to perform resource identity operation. Status:
 *       'BadRequest'. Response: '{"error":{"code":"BadRequest","message":"Resource '...' was not
 *       found."}}'.'." (real response quoted in Azure/azure-policy#1311 for a VM; the same code for
 *       Microsoft.Web/sites in Azure/azure-cli#31837 and Microsoft.App in
 *       Azure/bicep-registry-modules#2719).
 *   <li>{@code userAssignedIdentities} with a type lacking UserAssigned: the MSI/ARM answer "The
 *       request format was unexpected, a non-UserAssigned identity type should not contain:
 *       userAssignedIdentities" wrapped in FailedIdentityOperation
 *       (Azure/azure-rest-api-specs#17650, sent even for an empty map). The reverse ("a
 *       UserAssigned identity type should contain: userAssignedIdentities") is INFERRED by
 *       symmetry, not seen in a public response.
 *   <li>Malformed identity id: 400 {@code LinkedInvalidPropertyId} "Property id '...' at path '...'
 *       is invalid. Expect fully qualified resource Id that start with '/subscriptions/
 *       {subscriptionId}' or '/providers/{resourceProviderNamespace}/'." (ARM's wording for any
 *       linked id, quoted in many public deployment logs; the path used here is an assumption).
 *   <li>A map value other than {@code {}}, {@code null} or the existing {principalId, clientId}:
 *       400 {@code InvalidIdentityValues} "... The 'UserAssignedIdentities' property keys should
 *       only be empty json objects, null or the resource existing property." (wording quoted in
 *       public troubleshooting notes; the code name is from memory of ARM responses).
 *   <li>Missing {@code type}: Compute 400 {@code InvalidRequestContent} "... Required property
 *       'type' not found in JSON. Path 'identity'..." (real answer quoted in
 *       Azure/aad-pod-identity#313).
 *   <li>Regional isolation: NO public error code exists yet; the emulator answers 400 {@code
 *       FailedIdentityOperation} whose inner error code is {@link #REGIONAL_ISOLATION_CODE}, an
 *       emulator-invented name.
 *   <li>Assignment restrictions ({@code properties.assignmentRestrictions.providers}): likewise no
 *       public error; 400 {@code FailedIdentityOperation} around {@link
 *       AssignmentRestrictions#VIOLATION_CODE}, emulator-invented.
 * </ul>
 */
final class IdentityBlock {
  static final String MSI_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";

  /** EMULATOR-INVENTED inner error code for a Regional identity attached across regions. */
  static final String REGIONAL_ISOLATION_CODE = "UserAssignedIdentityRegionalIsolationViolation";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> EXISTING_VALUE_FIELDS = Set.of("principalId", "clientId");

  enum Kind {
    NONE,
    SYSTEM,
    USER,
    BOTH;

    boolean system() {
      return this == SYSTEM || this == BOTH;
    }

    boolean user() {
      return this == USER || this == BOTH;
    }

    String spelling(AssigneeType.Provider provider) {
      return switch (this) {
        case NONE -> "None";
        case SYSTEM -> "SystemAssigned";
        case USER -> "UserAssigned";
        case BOTH -> provider.combinedType;
      };
    }

    static Kind of(String raw) {
      String compact = raw.replace(" ", "").toLowerCase(Locale.ROOT);
      return switch (compact) {
        case "none" -> NONE;
        case "systemassigned" -> SYSTEM;
        case "userassigned" -> USER;
        case "systemassigned,userassigned" -> BOTH;
        default -> null;
      };
    }
  }

  private final AssigneeHost host;

  IdentityBlock(AssigneeHost host) {
    this.host = host;
  }

  static Kind kindOf(JsonNode identity) {
    if (identity == null || identity.isNull() || !identity.has("type")) {
      return Kind.NONE;
    }
    Kind kind = Kind.of(identity.path("type").asText());
    return kind == null ? Kind.NONE : kind;
  }

  /**
   * The identity block after a PUT ({@code merge=false}) or PATCH ({@code merge=true}), or {@code
   * null} for none (the block is then omitted, as providers do for type None).
   *
   * @param current the stored block or {@code null}
   * @param requested {@code body.identity}: missing ({@code null}) keeps the current block on PATCH
   *     and clears it on PUT
   */
  ObjectNode apply(
      AssigneeType type,
      String resourceId,
      String resourceLocation,
      ObjectNode current,
      JsonNode requested,
      boolean merge) {
    if (requested == null) {
      return merge ? current : null;
    }
    if (requested.isNull()) {
      return null;
    }
    if (!requested.isObject()) {
      throw invalidContent("Error converting value to type 'ResourceIdentity'. Path 'identity'.");
    }
    Kind currentKind = kindOf(current);
    JsonNode typeNode = requested.get("type");
    Kind kind;
    if (typeNode == null || typeNode.isNull()) {
      if (type.provider() == AssigneeType.Provider.COMPUTE) {
        throw invalidContent("Required property 'type' not found in JSON. Path 'identity'.");
      }
      kind = merge ? currentKind : Kind.NONE;
    } else {
      kind = Kind.of(typeNode.asText());
      if (kind == null) {
        // APPROXIMATED: the deserialisation error providers give for an enum value they lack.
        throw invalidContent(
            "Error converting value \""
                + typeNode.asText()
                + "\" to type 'ResourceIdentityType'. Path 'identity.type'.");
      }
    }
    JsonNode map = requested.get("userAssignedIdentities");
    if (map != null && !map.isNull() && !map.isObject()) {
      throw invalidContent(
          "Error converting value to type 'UserAssignedIdentities'. Path"
              + " 'identity.userAssignedIdentities'.");
    }
    boolean mapGiven = map != null && map.isObject();
    if (!kind.user() && mapGiven) {
      throw failedIdentityOperation(
          resourceId,
          "BadRequest",
          "The request format was unexpected, a non-UserAssigned identity type should not"
              + " contain: userAssignedIdentities");
    }

    ObjectNode identities = JSON.createObjectNode();
    if (kind.user() && merge && current != null && currentKind.user()) {
      JsonNode existing = current.get("userAssignedIdentities");
      if (existing != null && existing.isObject()) {
        identities.setAll((ObjectNode) existing.deepCopy());
      }
    }
    if (mapGiven) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      map.fields().forEachRemaining(entries::add);
      for (Map.Entry<String, JsonNode> entry : entries) {
        String key = entry.getKey();
        JsonNode value = entry.getValue();
        if (!key.toLowerCase(Locale.ROOT).startsWith("/subscriptions/")) {
          throw new AssigneeError(
              400,
              "LinkedInvalidPropertyId",
              "Property id '"
                  + key
                  + "' at path 'identity.userAssignedIdentities' is invalid. Expect fully"
                  + " qualified resource Id that start with '/subscriptions/{subscriptionId}' or"
                  + " '/providers/{resourceProviderNamespace}/'.");
        }
        Optional<String> present = findKey(identities, key);
        if (value == null || value.isNull()) {
          present.ifPresent(identities::remove);
          continue;
        }
        if (!value.isObject() || !EXISTING_VALUE_FIELDS.containsAll(fieldNames(value))) {
          throw new AssigneeError(
              400,
              "InvalidIdentityValues",
              "Invalid value for the identities '"
                  + key
                  + "'. The 'UserAssignedIdentities' property keys should only be empty json"
                  + " objects, null or the resource existing property.");
        }
        ObjectNode identity = resolve(resourceId, key);
        checkRegionalIsolation(resourceId, resourceLocation, key, identity);
        checkAssignmentRestrictions(resourceId, type, key, identity);
        ObjectNode attached = JSON.createObjectNode();
        attached.put("principalId", identity.path("properties").path("principalId").asText());
        attached.put("clientId", identity.path("properties").path("clientId").asText());
        identities.set(present.orElse(key), attached);
      }
    }
    if (kind.user() && identities.isEmpty()) {
      // INFERRED (see class comment).
      throw failedIdentityOperation(
          resourceId,
          "BadRequest",
          "The request format was unexpected, a UserAssigned identity type should contain:"
              + " userAssignedIdentities");
    }
    if (kind == Kind.NONE) {
      return null;
    }
    ObjectNode result = JSON.createObjectNode();
    if (kind.system()) {
      String principal =
          current != null && currentKind.system() && current.hasNonNull("principalId")
              ? current.get("principalId").asText()
              : UUID.randomUUID().toString();
      result.put("principalId", principal);
      result.put("tenantId", host.tenantId());
    }
    result.put("type", kind.spelling(type.provider()));
    if (kind.user()) {
      result.set("userAssignedIdentities", identities);
    }
    return result;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Optional<String> findKey(ObjectNode identities, String key) {
    List<String> names = fieldNames(identities);
    return names.stream().filter(n -> n.equalsIgnoreCase(trimSlash(key))).findFirst();
  }

  private static String trimSlash(String id) {
    return id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
  }

  /** The identity resource an id names, or FailedIdentityOperation "... was not found.". */
  private ObjectNode resolve(String resourceId, String key) {
    List<String> s = Arrays.stream(key.split("/")).filter(p -> !p.isEmpty()).toList();
    boolean wellFormed =
        s.size() == 8
            && s.get(2).equalsIgnoreCase("resourceGroups")
            && s.get(4).equalsIgnoreCase("providers")
            && (s.get(5) + "/" + s.get(6)).equalsIgnoreCase(MSI_TYPE);
    Optional<ObjectNode> identity =
        wellFormed
            ? host.get(key).filter(d -> d.path("type").asText().equalsIgnoreCase(MSI_TYPE))
            : Optional.empty();
    return identity.orElseThrow(
        () -> {
          // MSI names the identity with a lower-cased "resourcegroups" segment (azure-policy#1311).
          String named = key.replaceFirst("(?i)/resourceGroups/", "/resourcegroups/");
          return failedIdentityOperation(
              resourceId, "BadRequest", "Resource '" + named + "' was not found.");
        });
  }

  private void checkRegionalIsolation(
      String resourceId, String resourceLocation, String key, ObjectNode identity) {
    String scope = identity.path("properties").path("isolationScope").asText("None");
    if (!scope.equalsIgnoreCase("Regional")) {
      return;
    }
    String identityLocation =
        host.normaliseLocation(identity.path("location").asText())
            .orElse(identity.path("location").asText());
    if (!identityLocation.equalsIgnoreCase(resourceLocation)) {
      throw failedIdentityOperation(
          resourceId,
          "BadRequest",
          REGIONAL_ISOLATION_CODE,
          "The user assigned identity '"
              + key
              + "' has isolation scope 'Regional' and is in location '"
              + identityLocation
              + "'. It can only be assigned to resources in the same location; the resource is in"
              + " location '"
              + resourceLocation
              + "'.");
    }
  }

  /** {@link AssignmentRestrictions}: the assignee's provider or provider/type must be listed. */
  private static void checkAssignmentRestrictions(
      String resourceId, AssigneeType type, String key, ObjectNode identity) {
    List<String> providers = AssignmentRestrictions.providers(identity);
    if (!AssignmentRestrictions.allows(providers, type.fullType())) {
      throw failedIdentityOperation(
          resourceId,
          "BadRequest",
          AssignmentRestrictions.VIOLATION_CODE,
          "The user assigned identity '"
              + key
              + "' can only be assigned to resources of the providers or types ["
              + String.join(", ", providers)
              + "]; the resource is of type '"
              + type.fullType()
              + "'.");
    }
  }

  static AssigneeError failedIdentityOperation(
      String resourceId, String innerStatus, String innerMessage) {
    return failedIdentityOperation(resourceId, innerStatus, "BadRequest", innerMessage);
  }

  static AssigneeError failedIdentityOperation(
      String resourceId, String innerStatus, String innerCode, String innerMessage) {
    String response =
        "{\"error\":{\"code\":\"" + innerCode + "\",\"message\":\"" + innerMessage + "\"}}";
    return new AssigneeError(
        400,
        "FailedIdentityOperation",
        "Identity operation for resource '"
            + resourceId
            + "' failed with error 'Failed to perform resource identity operation. Status: '"
            + innerStatus
            + "'. Response: '"
            + response
            + "'.'.");
  }

  static AssigneeError invalidContent(String detail) {
    return new AssigneeError(
        400,
        "InvalidRequestContent",
        "The request content was invalid and could not be deserialized: '" + detail + "'.");
  }
}
