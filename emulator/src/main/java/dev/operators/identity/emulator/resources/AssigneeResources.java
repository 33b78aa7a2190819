package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves the assignee resource types ({@link AssigneeType}) and their providers' operation-status
 * endpoints. PUT (create/replace), GET, PATCH (JSON merge patch of tags/properties, identity merged
 * per {@link IdentityBlock}), DELETE, list by resource group and subscription. Long-running
 * behaviour and ETags per provider as documented on {@link AssigneeType}.
 */
public final class AssigneeResources {
  /** The inner error code of the (emulator-invented) regional-isolation refusal. */
  public static final String REGIONAL_ISOLATION_CODE = IdentityBlock.REGIONAL_ISOLATION_CODE;

  /**
   * Retry-After on long-running answers: kept at 1 s (as the emulator's other operations) so SDK
   * pollers finish quickly; the providers' real values are larger.
   */
  static final String RETRY_AFTER = "1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AssigneeHost host;
  private final ProviderCatalog catalog;
  private final IdentityBlock identities;
  private final Map<String, Operation> operations = new ConcurrentHashMap<>();

  /** A long-running operation on one resource. */
  record Operation(
      String id,
      String namespace,
      String location,
      String resourceId,
      AssigneeType type,
      boolean delete,
      Instant startedAt,
      Instant completesAt) {
    boolean done() {
      return !Instant.now().isBefore(completesAt);
    }
  }

  AssigneeResources(AssigneeHost host, ProviderCatalog catalog) {
    this.host = host;
    this.catalog = catalog;
    this.identities = new IdentityBlock(host);
  }

  ProviderCatalog catalog() {
    return catalog;
  }

  /** The api-versions a type accepts, newest first (the provider metadata's list). */
  List<String> apiVersions(AssigneeType type) {
    return catalog.listedApiVersions(type.namespace(), type.type());
  }

  /** The api-versions of a namespace's operation-status endpoints ({namespace}/locations/...). */
  List<String> locationApiVersions(String namespace) {
    Set<String> all = new LinkedHashSet<>();
    for (AssigneeType t : AssigneeType.values()) {
      if (t.namespace().equalsIgnoreCase(namespace)) {
        all.addAll(apiVersions(t));
      }
    }
    return List.copyOf(all);
  }

  // ---------------------------------------------------------------- resources

  AssigneeReply handle(AssigneeType type, AssigneeCall call) {
    if (!call.rest().isEmpty()) {
      throw new AssigneeError(
          400,
          "InvalidResourceType",
          "The resource type '"
              + type.type()
              + "/"
              + call.rest().get(0)
              + "' could not be found in the namespace '"
              + type.namespace()
              + "' for api version '"
              + call.apiVersion()
              + "'.");
    }
    if (call.name() == null) {
      if (!call.method().equals("GET")) {
        throw methodNotAllowed(call.method());
      }
      String scope =
          "/subscriptions/"
              + call.subscriptionId()
              + (call.resourceGroup() == null ? "" : "/resourceGroups/" + call.resourceGroup());
      ObjectNode page = JSON.createObjectNode();
      var value = page.putArray("value");
      host.list(type.fullType(), scope).forEach(value::add);
      return AssigneeReply.of(200, page);
    }
    String id = id(type, call.subscriptionId(), call.resourceGroup(), call.name());
    return switch (call.method()) {
      case "GET" -> AssigneeReply.of(200, existing(type, call, id));
      case "PUT" -> put(type, call, id);
      case "PATCH" -> patch(type, call, id);
      case "DELETE" -> delete(type, call, id);
      default -> throw methodNotAllowed(call.method());
    };
  }

  /** Out-of-band create/replace (control API): a PUT that completes at once, no preconditions. */
  ObjectNode seed(
      AssigneeType type, String subscriptionId, String resourceGroup, String name, JsonNode body) {
    String id = id(type, subscriptionId, resourceGroup, name);
    return write(type, id, name, body, false, null, true).document();
  }

  /** Every stored resource of these types whose identity block carries the identity (any case). */
  List<ObjectNode> resourcesWithIdentity(String identityId) {
    List<ObjectNode> found = new ArrayList<>();
    for (AssigneeType t : AssigneeType.values()) {
      for (ObjectNode doc : host.list(t.fullType(), null)) {
        JsonNode map = doc.path("identity").path("userAssignedIdentities");
        List<String> keys = new ArrayList<>();
        map.fieldNames().forEachRemaining(keys::add);
        if (keys.stream().anyMatch(k -> k.equalsIgnoreCase(identityId))) {
          found.add(doc);
        }
      }
    }
    return found;
  }

  static String id(AssigneeType type, String subscriptionId, String resourceGroup, String name) {
    return "/subscriptions/"
        + subscriptionId
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/"
        + type.namespace()
        + "/"
        + type.type()
        + "/"
        + name;
  }

  private ObjectNode existing(AssigneeType type, AssigneeCall call, String id) {
    return host.get(id).orElseThrow(() -> notFound(type, call.name(), call.resourceGroup()));
  }

  static AssigneeError notFound(AssigneeType type, String name, String resourceGroup) {
    return new AssigneeError(
        404,
        "ResourceNotFound",
        "The Resource '"
            + type.fullType()
            + "/"
            + name
            + "' under resource group '"
            + resourceGroup
            + "' was not found. For more details please go to"
            + " https://aka.ms/ARMResourceNotFoundFix");
  }

  private static AssigneeError methodNotAllowed(String method) {
    return new AssigneeError(
        405,
        "MethodNotAllowed",
        "The requested resource does not support http method '" + method + "'.");
  }

  private record Written(ObjectNode document, boolean created, boolean changed) {}

  private AssigneeReply put(AssigneeType type, AssigneeCall call, String id) {
    Written written = write(type, id, call.name(), call.body(), false, call, false);
    return longRunning(type, call, written, false);
  }

  private AssigneeReply patch(AssigneeType type, AssigneeCall call, String id) {
    existing(type, call, id);
    Written written = write(type, id, call.name(), call.body(), true, call, false);
    return longRunning(type, call, written, true);
  }

  /**
   * Creates, replaces or merges the stored document. {@code call} is {@code null} for seeding (no
   * precondition checks). Long-running types are left Creating/Updating/InProgress unless {@code
   * immediate}.
   */
  private Written write(
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
                    throw notFound(type, name, resourceGroupOf(id));
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

  private static String resourceGroupOf(String id) {
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
            : Instant.now().toString();
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

  // ------------------------------------------------------------ long-running

  private AssigneeReply longRunning(
      AssigneeType type, AssigneeCall call, Written written, boolean patch) {
    ObjectNode doc = written.document();
    return switch (type.provider()) {
      case WEB -> AssigneeReply.of(200, doc);
      case COMPUTE -> {
        // PUT 200/201 and PATCH 200 with Azure-AsyncOperation (Compute's
        // .../providers/Microsoft.Compute/locations/{l}/operations/{id}); PATCH also gives a
        // Location (monitor=true) as Compute's updates do.
        Operation op = start(type, call, doc, false);
        AssigneeReply reply =
            AssigneeReply.of(written.created() ? 201 : 200, doc)
                .header("Azure-AsyncOperation", statusUrl(op, call.apiVersion()))
                .header("Retry-After", RETRY_AFTER);
        if (patch) {
          reply.header("Location", resultUrl(op, call.apiVersion()));
        }
        yield reply;
      }
      case CONTAINER_APPS -> {
        if (patch) {
          // ContainerApps_Update: 202 + Location (default final state: the resource).
          Operation op = start(type, call, doc, false);
          yield AssigneeReply.of(202, null)
              .header("Location", resultUrl(op, call.apiVersion()))
              .header("Retry-After", RETRY_AFTER);
        }
        if (!written.created() && !written.changed()) {
          // ContainerApps_CreateOrUpdate 200: "No change performed on the Container App."
          finish(doc.path("id").asText(), type);
          yield AssigneeReply.of(200, host.get(doc.path("id").asText()).orElse(doc));
        }
        Operation op = start(type, call, doc, false);
        yield AssigneeReply.of(201, doc)
            .header("Azure-AsyncOperation", statusUrl(op, call.apiVersion()))
            .header("Retry-After", RETRY_AFTER);
      }
    };
  }

  private AssigneeReply delete(AssigneeType type, AssigneeCall call, String id) {
    Optional<ObjectNode> current = host.get(id);
    if (current.isEmpty()) {
      return AssigneeReply.of(204, null);
    }
    if (type.provider() == AssigneeType.Provider.WEB) {
      host.compute(id, type.fullType(), old -> null);
      return AssigneeReply.of(200, null);
    }
    host.compute(
        id,
        type.fullType(),
        old -> {
          if (old != null && old.get("properties") instanceof ObjectNode p) {
            p.put("provisioningState", "Deleting");
          }
          return old;
        });
    Operation op = start(type, call, current.get(), true);
    AssigneeReply reply =
        AssigneeReply.of(202, null)
            .header("Location", resultUrl(op, call.apiVersion()))
            .header("Retry-After", RETRY_AFTER);
    if (type.provider() == AssigneeType.Provider.COMPUTE) {
      reply.header("Azure-AsyncOperation", statusUrl(op, call.apiVersion()));
    }
    return reply;
  }

  private Operation start(AssigneeType type, AssigneeCall call, ObjectNode doc, boolean delete) {
    String resourceId = doc.path("id").asText();
    String location =
        host.normaliseLocation(doc.path("location").asText()).orElse(doc.path("location").asText());
    Instant now = Instant.now();
    String opId =
        host.startOperation(
            call.subscriptionId(),
            host.asyncOperationDuration(),
            () -> {
              if (delete) {
                host.compute(resourceId, type.fullType(), old -> null);
              } else {
                finish(resourceId, type);
              }
            });
    Operation op =
        new Operation(
            opId,
            type.namespace(),
            location,
            resourceId,
            type,
            delete,
            now,
            now.plus(host.asyncOperationDuration()));
    operations.put(opId.toLowerCase(Locale.ROOT), op);
    return op;
  }

  private void finish(String resourceId, AssigneeType type) {
    host.compute(
        resourceId,
        type.fullType(),
        old -> {
          if (old != null && old.get("properties") instanceof ObjectNode p) {
            p.put("provisioningState", "Succeeded");
          }
          return old;
        });
  }

  private String statusUrl(Operation op, String apiVersion) {
    String kind =
        op.type().provider() == AssigneeType.Provider.COMPUTE
            ? "operations"
            : "containerappOperationStatuses";
    return opUrl(
        op,
        kind,
        apiVersion,
        op.type().provider() == AssigneeType.Provider.COMPUTE ? "" : "&azureAsyncOperation=true");
  }

  private String resultUrl(Operation op, String apiVersion) {
    return op.type().provider() == AssigneeType.Provider.COMPUTE
        ? opUrl(op, "operations", apiVersion, "&monitor=true")
        : opUrl(op, "containerappOperationResults", apiVersion, "");
  }

  private String opUrl(Operation op, String kind, String apiVersion, String extra) {
    String subscription = op.resourceId().split("/")[2];
    return host.baseUrl()
        + "/subscriptions/"
        + subscription
        + "/providers/"
        + op.namespace()
        + "/locations/"
        + op.location()
        + "/"
        + kind
        + "/"
        + op.id()
        + "?api-version="
        + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8)
        + extra;
  }

  /**
   * {@code GET /subscriptions/{s}/providers/{namespace}/locations/{l}/{kind}/{id}}: Compute's
   * {@code operations/{id}} (status body; with {@code monitor=true}, Location semantics) and
   * Container Apps' {@code containerappOperationStatuses/{id}} (status body) and {@code
   * containerappOperationResults/{id}} (Location semantics: 202 while running, then 200 with the
   * resource, or 204 after a delete).
   */
  AssigneeReply handleLocations(String namespace, AssigneeCall call) {
    List<String> rest = call.rest();
    if (call.name() == null || rest.size() != 2 || !call.method().equals("GET")) {
      throw new AssigneeError(
          404,
          "NotFound",
          "No HTTP resource was found that matches the request URI '" + call.path() + "'.");
    }
    String kind = rest.get(0).toLowerCase(Locale.ROOT);
    Operation op = operations.get(rest.get(1).toLowerCase(Locale.ROOT));
    boolean kindMatches =
        namespace.equalsIgnoreCase("Microsoft.Compute")
            ? kind.equals("operations")
            : kind.equals("containerappoperationstatuses")
                || kind.equals("containerappoperationresults");
    if (op == null || !kindMatches || !op.namespace().equalsIgnoreCase(namespace)) {
      throw new AssigneeError(
          404, "OperationNotFound", "The operation '" + rest.get(1) + "' could not be found.");
    }
    boolean locationSemantics =
        kind.equals("containerappoperationresults") || "true".equals(call.query().get("monitor"));
    if (locationSemantics) {
      if (!op.done()) {
        return AssigneeReply.of(202, null)
            .header("Location", host.baseUrl() + call.path() + query(call))
            .header("Retry-After", RETRY_AFTER);
      }
      if (op.delete()) {
        return AssigneeReply.of(
            op.type().provider() == AssigneeType.Provider.COMPUTE ? 200 : 204, null);
      }
      return host.get(op.resourceId())
          .map(d -> AssigneeReply.of(200, d))
          .orElseGet(() -> AssigneeReply.of(204, null));
    }
    ObjectNode status = JSON.createObjectNode();
    if (op.type().provider() == AssigneeType.Provider.CONTAINER_APPS) {
      status.put("id", call.path());
    }
    status.put("name", op.id());
    status.put("status", op.done() ? "Succeeded" : "InProgress");
    status.put("startTime", op.startedAt().toString());
    if (op.done()) {
      status.put("endTime", op.completesAt().toString());
    }
    return AssigneeReply.of(200, status);
  }

  private static String query(AssigneeCall call) {
    StringBuilder q = new StringBuilder();
    call.query()
        .forEach(
            (k, v) ->
                q.append(q.length() == 0 ? "?" : "&")
                    .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return q.toString();
  }

  /** Forgets every operation (emulator reset). */
  void clear() {
    operations.clear();
  }
}
