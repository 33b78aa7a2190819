package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * What a PUT or PATCH does to an assignee's stored document: PUT replaces it, PATCH merges (RFC
 * 7396 for properties, tags replaced when given), the identity block per {@link IdentityBlock},
 * read-only properties kept by the provider, the location fixed at creation, Compute's ETag bumped
 * and its If-Match / If-None-Match honoured, and the provisioning state a write leaves.
 */
final class AssigneeWrites {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Set<String> READ_ONLY =
      Set.of(
          "provisioningState",
          "vmId",
          "uniqueId",
          "timeCreated",
          "state",
          "hostNames",
          "defaultHostName",
          "latestRevisionFqdn");

  private final AssigneeHost host;
  private final ProviderCatalog catalog;
  private final IdentityBlock identities;

  AssigneeWrites(AssigneeHost host, ProviderCatalog catalog) {
    this.host = host;
    this.catalog = catalog;
    this.identities = new IdentityBlock(host);
  }

  record Written(ObjectNode document, boolean created, boolean changed) {}

  /**
   * Creates, replaces or merges the stored document. {@code call} is {@code null} for seeding (no
   * precondition checks). Long-running types are left Creating/Updating/InProgress unless {@code
   * immediate}.
   */
  Written write(
      AssigneeType type,
      String id,
      String name,
      JsonNode body,
      boolean merge,
      AssigneeCall call,
      boolean immediate) {
    if (body == null || !body.isObject()) {
      throw IdentityBlock.invalidContent("The request body must be a JSON object.");
    }
    boolean[] created = {false};
    boolean[] changed = {false};
    ObjectNode result =
        host.compute(
                id,
                type.fullType(),
                old -> {
                  if (call != null) {
                    checkPreconditions(type, old, call);
                  }
                  if (old == null && merge) {
                    throw AssigneeResources.notFound(type, name, resourceGroupOf(id));
                  }
                  String location = location(type, body, old, merge);
                  ObjectNode doc = old == null ? JSON.createObjectNode() : old.deepCopy();
                  String storedId = old == null ? id : old.path("id").asText(id);
                  ObjectNode next = JSON.createObjectNode();
                  next.put("id", storedId);
                  next.put("name", old == null ? name : old.path("name").asText(name));
                  next.put("type", type.fullType());
                  String kind = kind(type, body, old, merge);
                  if (kind != null) {
                    next.put("kind", kind);
                  }
                  next.put(
                      "location",
                      type.displayLocation() ? catalog.displayName(location) : location);
                  JsonNode tags = merge && !body.has("tags") ? doc.get("tags") : body.get("tags");
                  if (tags != null && !tags.isNull()) {
                    if (!tags.isObject()) {
                      throw IdentityBlock.invalidContent(
                          "Error converting value to type 'tags'. Path 'tags'.");
                    }
                    ObjectNode copy = next.putObject("tags");
                    tags.fields()
                        .forEachRemaining(e -> copy.put(e.getKey(), e.getValue().asText()));
                  }
                  ObjectNode identity =
                      identities.apply(
                          type,
                          storedId,
                          location,
                          (ObjectNode) (doc.get("identity") instanceof ObjectNode o ? o : null),
                          body.has("identity") ? body.get("identity") : null,
                          merge);
                  if (identity != null) {
                    next.set("identity", identity);
                  }
                  next.set(
                      "properties",
                      properties(type, name, doc.get("properties"), body.get("properties"), merge));
                  changed[0] =
                      old == null
                          || !withoutVolatile(old).equals(withoutVolatile(next))
                          || type.provider() == AssigneeType.Provider.COMPUTE;
                  String state = provisioningState(type, old == null, immediate);
                  if (state != null) {
                    ((ObjectNode) next.get("properties")).put("provisioningState", state);
                  }
                  if (type.hasEtag()) {
                    long version = old == null ? 0 : etagNumber(old);
                    next.put("etag", "\"" + (version + 1) + "\"");
                  }
                  created[0] = old == null;
                  return next;
                })
            .orElseThrow();
    return new Written(result, created[0], changed[0]);
  }

  private static ObjectNode withoutVolatile(ObjectNode doc) {
    ObjectNode copy = doc.deepCopy();
    copy.remove("etag");
    if (copy.get("properties") instanceof ObjectNode p) {
      p.remove("provisioningState");
    }
    return copy;
  }

  private static long etagNumber(ObjectNode doc) {
    String etag = doc.path("etag").asText("\"0\"").replace("\"", "");
    try {
      return Long.parseLong(etag);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static String resourceGroupOf(String id) {
    String[] s = id.split("/");
    return s.length > 4 ? s[4] : "";
  }

  /**
   * Compute's optimistic concurrency (If-Match / If-None-Match parameters of
   * VirtualMachines_CreateOrUpdate and _Update in ComputeRP 2024-11-01): a mismatch answers 412
   * PreconditionFailed. The ETag compares exactly (the quoted value the resource returns). The
   * message wording is the emulator's; no public Compute 412 body was found.
   */
  private static void checkPreconditions(AssigneeType type, ObjectNode old, AssigneeCall call) {
    if (!type.hasEtag()) {
      return; // Web and Container Apps declare no If-Match and return no etag: ignored.
    }
    String ifMatch = call.header().apply("If-Match");
    String current = old == null ? null : old.path("etag").asText(null);
    if (ifMatch != null && (current == null || !(ifMatch.equals("*") || ifMatch.equals(current)))) {
      throw new AssigneeError(
          412,
          "PreconditionFailed",
          "The specified precondition 'If-Match: "
              + ifMatch
              + "' failed"
              + (current == null
                  ? ": the resource does not exist."
                  : ". Current etag: " + current + "."));
    }
    String ifNoneMatch = call.header().apply("If-None-Match");
    if (ifNoneMatch != null && ifNoneMatch.equals("*") && old != null) {
      throw new AssigneeError(
          412,
          "PreconditionFailed",
          "The specified precondition 'If-None-Match: *' failed: the resource already exists.");
    }
  }

  private String location(AssigneeType type, JsonNode body, ObjectNode old, boolean merge) {
    String oldLocation =
        old == null
            ? null
            : host.normaliseLocation(old.path("location").asText())
                .orElse(old.path("location").asText());
    if (merge) {
      return oldLocation;
    }
    JsonNode requestedNode = body.get("location");
    String requested =
        requestedNode == null || requestedNode.isNull() ? null : requestedNode.asText();
    if (requested == null || requested.isBlank()) {
      throw new AssigneeError(
          400, "LocationRequired", "The location property is required for this definition.");
    }
    String location =
        host.normaliseLocation(requested)
            .orElseThrow(
                () ->
                    new AssigneeError(
                        400,
                        "LocationNotAvailableForResourceType",
                        "The provided location '"
                            + requested
                            + "' is not available for resource type '"
                            + type.fullType()
                            + "'. List of available regions for the resource type is '"
                            + String.join(",", host.locations())
                            + "'."));
    if (oldLocation != null && !oldLocation.equals(location)) {
      throw new AssigneeError(
          400,
          "InvalidResourceLocation",
          "The resource '"
              + old.path("name").asText()
              + "' already exists in location '"
              + oldLocation
              + "' in resource group '"
              + resourceGroupOf(old.path("id").asText())
              + "'. A resource with the same name cannot be created in location '"
              + location
              + "'. Please select a new resource name.");
    }
    return location;
  }

  /** Web sites: kind "app" by default ("app", "functionapp", "app,linux", ...). */
  private static String kind(AssigneeType type, JsonNode body, ObjectNode old, boolean merge) {
    JsonNode requested = body.get("kind");
    String previous = old == null ? null : old.path("kind").asText(null);
    if (requested == null || requested.isNull()) {
      if (merge || type != AssigneeType.WEB_SITE) {
        return previous;
      }
      return previous != null ? previous : "app";
    }
    return requested.asText();
  }

  private ObjectNode properties(
      AssigneeType type, String name, JsonNode oldProps, JsonNode requested, boolean merge) {
    ObjectNode props =
        merge && oldProps instanceof ObjectNode o ? o.deepCopy() : JSON.createObjectNode();
    if (requested != null && requested.isObject()) {
      mergePatch(props, (ObjectNode) requested);
    }
    READ_ONLY.forEach(props::remove);
    String created =
        oldProps != null && oldProps.hasNonNull("timeCreated")
            ? oldProps.get("timeCreated").asText()
            : host.now().toString();
    ObjectNode out = JSON.createObjectNode();
    switch (type) {
      case VIRTUAL_MACHINE -> {
        out.put("vmId", keep(oldProps, "vmId"));
        out.setAll(props);
        out.put("timeCreated", created);
      }
      case VIRTUAL_MACHINE_SCALE_SET -> {
        out.put("uniqueId", keep(oldProps, "uniqueId"));
        out.setAll(props);
        out.put("timeCreated", created);
      }
      case WEB_SITE -> {
        out.put("state", "Running");
        out.putArray("hostNames").add(name.toLowerCase(Locale.ROOT) + ".azurewebsites.net");
        out.put("enabled", true);
        out.setAll(props);
        out.put("defaultHostName", name.toLowerCase(Locale.ROOT) + ".azurewebsites.net");
      }
      case CONTAINER_APP -> {
        out.setAll(props);
        out.put("latestRevisionFqdn", name.toLowerCase(Locale.ROOT) + ".azurecontainerapps.io");
      }
    }
    return out;
  }

  private static String keep(JsonNode oldProps, String field) {
    return oldProps != null && oldProps.hasNonNull(field)
        ? oldProps.get(field).asText()
        : UUID.randomUUID().toString();
  }

  /** RFC 7396 JSON merge patch (null removes). */
  private static void mergePatch(ObjectNode target, ObjectNode patch) {
    patch
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue();
              if (v.isNull()) {
                target.remove(e.getKey());
              } else if (v.isObject() && target.get(e.getKey()) instanceof ObjectNode t) {
                mergePatch(t, (ObjectNode) v);
              } else {
                target.set(e.getKey(), v.deepCopy());
              }
            });
  }

  /** The state a write leaves: Web has no provisioningState in its site properties here. */
  private static String provisioningState(AssigneeType type, boolean create, boolean immediate) {
    return switch (type.provider()) {
      case COMPUTE -> immediate ? "Succeeded" : create ? "Creating" : "Updating";
      case CONTAINER_APPS -> immediate ? "Succeeded" : "InProgress";
      case WEB -> null;
    };
  }
}
