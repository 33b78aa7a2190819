package dev.operators.identity.emulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.EmulatorConfig;
import dev.operators.identity.emulator.FaultRule;
import dev.operators.identity.emulator.IdentityProviderThrottling;
import dev.operators.identity.emulator.RecordedRequest;
import dev.operators.identity.emulator.ThrottlingConfig;
import dev.operators.identity.emulator.arm.ArmErrors;
import dev.operators.identity.emulator.arm.ArmIds;
import dev.operators.identity.emulator.graph.GraphDirectory;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The control API over HTTP, under {@code /_emulator/} on the same port, without authentication:
 *
 * <pre>
 * GET    /_emulator/info                       tenant, client, subscriptions, base URL
 * GET    /_emulator/requests                   request log;  DELETE clears it
 * GET    /_emulator/counters                   counts by "METHOD resourceType", by status
 * GET    /_emulator/faults                     active rules; POST adds one (FaultRule JSON); DELETE clears
 * GET    /_emulator/held                       requests held by holding faults; DELETE releases them
 * PUT    /_emulator/throttling                 ThrottlingConfig JSON (missing fields: Azure's defaults;
 *                                              "identityProvider": true|false|{...}, off if absent)
 * PUT    /_emulator/throttling/identityProvider  {"enabled":true|false, rates...}: the identity
 *                                              provider's own throttling only (absent: published)
 * GET    /_emulator/federatedCredentials?identity={armId}   an identity's credentials
 * PUT    /_emulator/federatedCredentialLock    {"durationMs":50} or {"duration":"PT0.05S"}
 * GET    /_emulator/state                      every resource
 * PUT    /_emulator/state/resourceGroups/{subscription}/{name}?location=eastus
 * PUT    /_emulator/state/resource?id={armId}  body = resource JSON; GET and DELETE likewise
 * POST   /_emulator/reset
 *        /_emulator/denials, /roleAssignments, /managementGroups, /principals: AuthorizationControlApi
 *        /_emulator/graph/...: GraphControlApi (Microsoft Graph's directory)
 * </pre>
 */
public final class EmulatorControlApi {
  private final DefaultEmulatorControl control;
  private final GraphDirectory graph;
  private final EmulatorConfig config;
  private final String baseUrl;

  public EmulatorControlApi(
      DefaultEmulatorControl control, GraphDirectory graph, EmulatorConfig config, String baseUrl) {
    this.control = control;
    this.graph = graph;
    this.config = config;
    this.baseUrl = baseUrl;
  }

  public ArmResponse handle(ArmRequest request) {
    try {
      return route(request);
    } catch (ArmException e) {
      return e.toResponse();
    } catch (IllegalArgumentException | IllegalStateException e) {
      return new ArmException(400, "BadRequest", e.getMessage()).toResponse();
    }
  }

  private ArmResponse route(ArmRequest request) {
    List<String> s = request.segments;
    String what = s.size() > 1 ? s.get(1).toLowerCase(java.util.Locale.ROOT) : "";
    String call = request.method + " " + what;
    switch (call) {
      case "GET info":
        return ok(info());
      case "GET requests":
        return ok(requests(control.requests()));
      case "DELETE requests":
        control.clearRequests();
        return ArmResponse.empty(204);
      case "GET counters":
        return ok(control.log().counters());
      case "GET faults":
        ArrayNode faults = Json.MAPPER.createArrayNode();
        control.faults().forEach(f -> faults.add(faultJson(f)));
        return ok(faults);
      case "POST faults":
        return ArmResponse.of(201, faultJson(control.injectFault(parseFault(body(request)))));
      case "DELETE faults":
        control.clearFaults();
        return ArmResponse.empty(204);
      case "GET held":
        return ok(requests(control.heldRequests()));
      case "DELETE held":
        control.releaseHeldRequests();
        return ArmResponse.empty(204);
      case "PUT throttling":
        if (s.size() == 3 && request.lower(2).equals("identityprovider")) {
          control.setIdentityProviderThrottling(parseIdentityProvider(body(request)));
        } else {
          control.setThrottling(parseThrottling(body(request)));
        }
        return ArmResponse.empty(204);
      case "GET federatedcredentials":
        {
          String identity = request.query.get("identity");
          if (identity == null) {
            throw new IllegalArgumentException("query parameter 'identity' is required");
          }
          ObjectNode list = Json.object();
          ArrayNode value = list.putArray("value");
          control.federatedCredentials(identity).forEach(value::add);
          return ok(list);
        }
      case "PUT federatedcredentiallock":
        control.setFederatedCredentialLockDuration(duration(body(request)));
        return ArmResponse.empty(204);
      case "POST reset":
        control.reset();
        return ArmResponse.empty(204);
      default:
        if (what.equals("state")) {
          return state(request);
        }
        if (what.equals("graph")) {
          return GraphControlApi.handle(graph, request, body(request));
        }
        if (AuthorizationControlApi.serves(what)) {
          return AuthorizationControlApi.handle(control, request);
        }
        throw new ArmException(
            404, "NotFound", "No control endpoint " + request.method + " " + request.path);
    }
  }

  private ArmResponse state(ArmRequest request) {
    List<String> s = request.segments;
    if (s.size() == 2 && request.method.equals("GET")) {
      ArrayNode all = Json.MAPPER.createArrayNode();
      control.allResources().forEach(all::add);
      ObjectNode body = Json.object();
      body.set("value", all);
      return ok(body);
    }
    if (s.size() == 5
        && request.lower(2).equals("resourcegroups")
        && request.method.equals("PUT")) {
      String location = request.query.get("location");
      if (location == null) {
        throw new IllegalArgumentException("query parameter 'location' is required");
      }
      control.createResourceGroup(s.get(3), s.get(4), location);
      String id = ArmIds.resourceGroup(s.get(3), s.get(4));
      return ok(control.getResource(id).orElseThrow());
    }
    if (s.size() == 3 && request.lower(2).equals("resource")) {
      String id = request.query.get("id");
      if (id == null) {
        throw new IllegalArgumentException("query parameter 'id' is required");
      }
      return switch (request.method) {
        case "PUT" -> ok(control.putResource(id, body(request)));
        case "GET" ->
            control
                .getResource(id)
                .map(this::ok)
                .orElseGet(
                    () -> new ArmException(404, "NotFound", "No resource " + id).toResponse());
        case "DELETE" -> ArmResponse.empty(control.deleteResource(id) ? 200 : 204);
        default -> throw ArmErrors.methodNotAllowed(request.method);
      };
    }
    throw new ArmException(
        404, "NotFound", "No control endpoint " + request.method + " " + request.path);
  }

  private ArmResponse ok(JsonNode body) {
    return ArmResponse.of(200, body);
  }

  private static JsonNode body(ArmRequest request) {
    try {
      return request.body.length == 0 ? Json.object() : Json.MAPPER.readTree(request.body);
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getMessage());
    }
  }

  private ObjectNode info() {
    ObjectNode info = Json.object();
    info.put("baseUrl", baseUrl);
    info.put("tenantId", config.tenantId());
    info.put("clientId", config.clientId());
    info.put("clientSecret", config.clientSecret());
    var subscriptions = info.putArray("subscriptionIds");
    config.subscriptionIds().forEach(subscriptions::add);
    var locations = info.putArray("locations");
    config.orderedLocations().forEach(locations::add);
    return info;
  }

  private static ArrayNode requests(List<RecordedRequest> requests) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (RecordedRequest r : requests) {
      ObjectNode node = list.addObject();
      node.put("method", r.method());
      node.put("path", r.path());
      node.put("query", r.query());
      node.put("status", r.status());
      node.put("requestId", r.requestId());
      node.put("correlationId", r.correlationId());
      node.put("clientRequestId", r.clientRequestId());
      node.put("resourceType", r.resourceType());
      node.put("errorCode", r.errorCode());
      node.put("time", r.time().toString());
      node.put("durationMs", r.duration().toMillis());
      node.put("fault", r.fault());
    }
    return list;
  }

  static ObjectNode faultJson(FaultRule rule) {
    ObjectNode node = Json.object();
    node.put("method", rule.method());
    node.put("pathRegex", rule.pathRegex());
    node.put("kind", rule.kind().name());
    node.put("status", rule.status());
    node.put("retryAfterSeconds", rule.retryAfterSeconds());
    node.put("latencyMs", rule.latency().toMillis());
    node.put("count", rule.count());
    return node;
  }

  /**
   * {@code {"method","pathRegex","kind","status","retryAfterSeconds","latencyMs" or "latency"
   * (ISO-8601),"count"}}.
   */
  static FaultRule parseFault(JsonNode json) {
    FaultRule.FaultKind kind =
        FaultRule.FaultKind.valueOf(
            json.path("kind").asText("STATUS").toUpperCase(java.util.Locale.ROOT));
    int status = json.path("status").asInt(0);
    Duration latency =
        json.hasNonNull("latency")
            ? Duration.parse(json.get("latency").asText())
            : Duration.ofMillis(json.path("latencyMs").asLong(0));
    int retryAfter =
        json.has("retryAfterSeconds")
            ? json.get("retryAfterSeconds").asInt()
            : (status == 429 || status == 503 ? 1 : 0);
    return new FaultRule(
        json.hasNonNull("method") ? json.get("method").asText() : null,
        json.path("pathRegex").asText(""),
        kind,
        status,
        retryAfter,
        latency,
        json.path("count").asInt(-1));
  }

  static ThrottlingConfig parseThrottling(JsonNode json) {
    IdentityProviderThrottling identityProvider =
        json.hasNonNull("identityProvider")
            ? parseIdentityProvider(json.get("identityProvider"))
            : IdentityProviderThrottling.off();
    if (json.path("unlimited").asBoolean(false)) {
      return ThrottlingConfig.unlimited().withIdentityProvider(identityProvider);
    }
    ThrottlingConfig d = ThrottlingConfig.azureDefaults();
    return new ThrottlingConfig(
        json.path("readCapacity").asInt(d.readCapacity()),
        json.path("readRefillPerSecond").asDouble(d.readRefillPerSecond()),
        json.path("writeCapacity").asInt(d.writeCapacity()),
        json.path("writeRefillPerSecond").asDouble(d.writeRefillPerSecond()),
        json.path("deleteCapacity").asInt(d.deleteCapacity()),
        json.path("deleteRefillPerSecond").asDouble(d.deleteRefillPerSecond()),
        identityProvider);
  }

  /**
   * {@code true}/{@code false}, or {@code {"enabled", "writesPerSecondPerSubscription", ...}} (the
   * record's field names; absent rates: the published ones; absent "enabled": on).
   */
  static IdentityProviderThrottling parseIdentityProvider(JsonNode json) {
    IdentityProviderThrottling d = IdentityProviderThrottling.published();
    if (json.isBoolean()) {
      return d.withEnabled(json.asBoolean());
    }
    if (!json.isObject()) {
      throw new IllegalArgumentException("'identityProvider' must be a boolean or an object");
    }
    return new IdentityProviderThrottling(
        json.path("enabled").asBoolean(true),
        json.path("writesPerSecondPerSubscription").asDouble(d.writesPerSecondPerSubscription()),
        json.path("writesPerSecondPerTenant").asDouble(d.writesPerSecondPerTenant()),
        json.path("writesPerSecondPerIdentity").asDouble(d.writesPerSecondPerIdentity()),
        json.path("readsPerSecondPerSubscription").asDouble(d.readsPerSecondPerSubscription()),
        json.path("readsPerSecondPerIdentity").asDouble(d.readsPerSecondPerIdentity()),
        json.path("listsPerSecondPerSubscription").asDouble(d.listsPerSecondPerSubscription()),
        json.path("deletesPerSecondPerSubscription").asDouble(d.deletesPerSecondPerSubscription()),
        json.path("deletesPerSecondPerIdentity").asDouble(d.deletesPerSecondPerIdentity()));
  }

  /** {@code {"durationMs": N}} or {@code {"duration": "PT..."}} (ISO-8601). */
  private static Duration duration(JsonNode json) {
    if (json.hasNonNull("duration")) {
      try {
        return Duration.parse(json.get("duration").asText());
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("'duration' is not ISO-8601: " + e.getMessage());
      }
    }
    if (json.hasNonNull("durationMs")) {
      return Duration.ofMillis(json.get("durationMs").asLong());
    }
    throw new IllegalArgumentException("'durationMs' or 'duration' is required");
  }
}
