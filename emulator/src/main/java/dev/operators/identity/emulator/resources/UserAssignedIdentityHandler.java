package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.arm.ApiVersions;
import dev.operators.identity.emulator.arm.ArmErrors;
import dev.operators.identity.emulator.arm.ArmIds;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.arm.IdentityProviderThrottle;
import dev.operators.identity.emulator.arm.IdentityProviderThrottle.Operation;
import dev.operators.identity.emulator.arm.Paging;
import dev.operators.identity.emulator.arm.ResourceRoute;
import dev.operators.identity.emulator.arm.ResourceTypeHandler;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Microsoft.ManagedIdentity/userAssignedIdentities (spec: specification/msi/resource-manager/
 * Microsoft.ManagedIdentity/ManagedIdentity/stable/2024-11-30/ManagedIdentity.json). PUT 201/200,
 * GET, PATCH (tags, isolationScope, assignmentRestrictions), DELETE 200/204 (its federated identity
 * credentials with it), list by resource group and subscription; the child {@link
 * FederatedIdentityCredentials}. Every request passes the identity provider's own throttling first
 * (off unless configured).
 */
public final class UserAssignedIdentityHandler implements ResourceTypeHandler {
  static final String NAMESPACE = "Microsoft.ManagedIdentity";
  static final String TYPE = "userAssignedIdentities";
  static final String FULL_TYPE = NAMESPACE + "/" + TYPE;

  /** The newest stable api-version: what seeding validates like (isolation and restrictions). */
  private static final String NEWEST = "2026-05-31";

  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$");
  private static final List<String> ISOLATION_SCOPES = List.of("None", "Regional");

  private final EmulatorState state;
  private final IdentityProviderThrottle throttle;
  private final FederatedIdentityCredentials credentials;

  public UserAssignedIdentityHandler(EmulatorState state, IdentityProviderThrottle throttle) {
    this.state = state;
    this.throttle = throttle;
    this.credentials = new FederatedIdentityCredentials(state, throttle);
  }

  /** An identity's federated identity credentials, as the newest api-version returns them. */
  public List<ObjectNode> federatedCredentials(String identityId) {
    return credentials.listed(identityId);
  }

  /** How long a credential write holds its identity's lock (50 ms unless set). */
  public void federatedCredentialLockDuration(Duration duration) {
    credentials.locks().hold(duration);
  }

  /** Forgets every credential write lock (emulator reset). */
  public void clearFederatedCredentialLocks() {
    credentials.locks().clear();
  }

  @Override
  public String namespace() {
    return NAMESPACE;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public List<String> apiVersions() {
    return ApiVersions.MANAGED_IDENTITY;
  }

  @Override
  public ArmResponse handle(ArmRequest request, ResourceRoute route) {
    String apiVersion = request.apiVersion();
    if (!route.rest().isEmpty()) {
      if (route.rest().get(0).equalsIgnoreCase(FederatedIdentityCredentials.TYPE)) {
        return credentials.handle(request, route, id(route));
      }
      throw ArmErrors.invalidResourceType(TYPE + "/" + route.rest().get(0), NAMESPACE, apiVersion);
    }
    String subscription = route.subscriptionId();
    String tenant = state.config().tenantId();
    if (route.name() == null) {
      if (!request.method.equals("GET")) {
        throw ArmErrors.methodNotAllowed(request.method);
      }
      throttle.check(Operation.LIST, subscription, tenant, null);
      String scope =
          route.resourceGroup() == null
              ? ArmIds.subscription(route.subscriptionId())
              : ArmIds.resourceGroup(route.subscriptionId(), route.resourceGroup());
      return ArmResponse.of(
          200,
          Paging.page(
              state, request, state.store().list(FULL_TYPE, scope), r -> render(r, apiVersion)));
    }
    Operation operation =
        switch (request.method) {
          case "PUT", "PATCH" -> Operation.WRITE;
          case "GET" -> Operation.READ;
          case "DELETE" -> Operation.DELETE;
          default -> throw ArmErrors.methodNotAllowed(request.method);
        };
    throttle.check(operation, subscription, tenant, id(route));
    return switch (request.method) {
      case "PUT" -> put(route, withoutIdentityBlock(request.jsonBody()), apiVersion);
      case "GET" -> ArmResponse.of(200, render(existing(route), apiVersion));
      case "PATCH" -> patch(route, withoutIdentityBlock(request.jsonBody()), apiVersion);
      default -> ArmResponse.empty(delete(route) ? 200 : 204);
    };
  }

  /**
   * Deletes the identity, its service principal from the directory and its federated identity
   * credentials (role assignments stay, as in Azure, their principal now unknown); false when it
   * was absent.
   */
  private boolean delete(ResourceRoute route) {
    String id = id(route);
    Optional<StoredResource> removed = state.store().remove(id);
    removed
        .map(r -> r.document().path("properties").path("principalId").asText(null))
        .ifPresent(principalId -> state.directory().remove(principalId));
    credentials.removeAll(id);
    return removed.isPresent();
  }

  /**
   * An identity has no identity block of its own: a body that carries one is refused (the code and
   * wording are ours, unverified: the msi spec has no {@code identity} property on this type).
   */
  private static JsonNode withoutIdentityBlock(JsonNode body) {
    if (body.has("identity")) {
      throw ArmErrors.invalidRequestContent(
          "Could not find member 'identity' on object of type 'UserAssignedIdentity'. Path"
              + " 'identity'");
    }
    return body;
  }

  private String id(ResourceRoute route) {
    return ArmIds.resource(
        route.subscriptionId(), route.resourceGroup(), NAMESPACE, TYPE, route.name(), true);
  }

  private StoredResource existing(ResourceRoute route) {
    return state
        .store()
        .get(id(route))
        .orElseThrow(
            () -> ArmErrors.resourceNotFound(FULL_TYPE, route.name(), route.resourceGroup()));
  }

  private ArmResponse put(ResourceRoute route, JsonNode body, String apiVersion) {
    boolean[] created = {false};
    StoredResource result = upsert(route, body, apiVersion, created);
    return ArmResponse.of(created[0] ? 201 : 200, render(result, apiVersion));
  }

  @Override
  public StoredResource seed(ResourceRoute route, JsonNode body) {
    return upsert(route, body, NEWEST, new boolean[1]);
  }

  private StoredResource upsert(
      ResourceRoute route, JsonNode body, String apiVersion, boolean[] created) {
    String name = route.name();
    if (!NAME.matcher(name).matches()) {
      throw new ArmException(
          400,
          "InvalidResourceName",
          "Resource name '"
              + name
              + "' is invalid. The name can contain only letters, numbers, underscores and"
              + " hyphens. The name must start with a letter or number. The name must be between 3"
              + " and 128 characters long.");
    }
    String requested = Json.text(body, "location");
    if (requested == null || requested.isBlank()) {
      throw ArmErrors.locationRequired();
    }
    String location =
        state
            .location(requested)
            .orElseThrow(
                () ->
                    ArmErrors.locationNotAvailableForResourceType(
                        requested, FULL_TYPE, state.config().orderedLocations()));
    JsonNode tags = tagsOf(body);
    String isolationScope = isolationScopeOf(body, apiVersion);
    ObjectNode restrictions = AssignmentRestrictions.requested(body, apiVersion);
    String id = id(route);
    return state
        .store()
        .compute(
            id,
            old -> {
              if (old != null) {
                if (!old.location().equals(location)) {
                  throw ArmErrors.invalidResourceLocation(
                      old.name(), old.location(), route.resourceGroup(), location);
                }
                ObjectNode doc = old.copy();
                Tags.set(doc, tags);
                if (isolationScope != null) {
                  ((ObjectNode) doc.get("properties")).put("isolationScope", isolationScope);
                }
                if (restrictions != null) {
                  AssignmentRestrictions.set(doc, restrictions);
                }
                return old.withDocument(doc);
              }
              created[0] = true;
              Instant now = state.now();
              ObjectNode doc = Json.object();
              doc.put("id", id);
              doc.put("name", name);
              doc.put("type", FULL_TYPE);
              doc.put("location", location);
              Tags.set(doc, tags);
              ObjectNode properties = doc.putObject("properties");
              properties.put("tenantId", state.config().tenantId());
              String principalId = UUID.randomUUID().toString();
              properties.put("principalId", principalId);
              state.directory().record(principalId, "ServicePrincipal", now);
              properties.put("clientId", UUID.randomUUID().toString());
              properties.put("isolationScope", isolationScope == null ? "None" : isolationScope);
              if (restrictions != null) {
                AssignmentRestrictions.set(doc, restrictions);
              }
              return new StoredResource(id, FULL_TYPE, doc, now, now);
            })
        .orElseThrow();
  }

  private ArmResponse patch(ResourceRoute route, JsonNode body, String apiVersion) {
    existing(route);
    JsonNode tags = body.has("tags") ? tagsOf(body) : null;
    String isolationScope = isolationScopeOf(body, apiVersion);
    ObjectNode restrictions = AssignmentRestrictions.requested(body, apiVersion);
    StoredResource updated =
        state
            .store()
            .compute(
                id(route),
                old -> {
                  if (old == null) {
                    throw ArmErrors.resourceNotFound(
                        FULL_TYPE, route.name(), route.resourceGroup());
                  }
                  ObjectNode doc = old.copy();
                  if (body.has("tags")) {
                    Tags.set(doc, tags);
                  }
                  if (isolationScope != null) {
                    ((ObjectNode) doc.get("properties")).put("isolationScope", isolationScope);
                  }
                  if (restrictions != null) {
                    AssignmentRestrictions.set(doc, restrictions);
                  }
                  return old.withDocument(doc);
                })
            .orElseThrow();
    return ArmResponse.of(200, render(updated, apiVersion));
  }

  private static JsonNode tagsOf(JsonNode body) {
    JsonNode tags = body.get("tags");
    if (tags == null || tags.isNull()) {
      return null;
    }
    if (!tags.isObject()) {
      throw ArmErrors.invalidRequestContent("Error converting value to type 'tags'. Path 'tags'.");
    }
    return tags;
  }

  /** The isolation scope of the body, canonical case; null when absent or not in this version. */
  private static String isolationScopeOf(JsonNode body, String apiVersion) {
    if (!supportsIsolationScope(apiVersion)) {
      return null;
    }
    JsonNode value = body.path("properties").get("isolationScope");
    if (value == null || value.isNull()) {
      return null;
    }
    return ISOLATION_SCOPES.stream()
        .filter(s -> s.equalsIgnoreCase(value.asText()))
        .findFirst()
        .orElseThrow(
            () ->
                new ArmException(
                    400,
                    "BadRequest",
                    "The value '"
                        + value.asText()
                        + "' of property 'isolationScope' is invalid. Allowed values are: "
                        + String.join(", ", ISOLATION_SCOPES)
                        + "."));
  }

  static boolean supportsIsolationScope(String apiVersion) {
    return ApiVersions.supports(ApiVersions.MANAGED_IDENTITY_WITH_ISOLATION_SCOPE, apiVersion);
  }

  /**
   * The stored document, as the control API shows it: 2024-11-30's shape, plus {@code
   * assignmentRestrictions} when a request or seed set them.
   */
  @Override
  public ObjectNode render(StoredResource resource) {
    return resource.copy();
  }

  private static ObjectNode render(StoredResource resource, String apiVersion) {
    ObjectNode doc = resource.copy();
    if (!supportsIsolationScope(apiVersion)) {
      ((ObjectNode) doc.get("properties")).remove("isolationScope");
    }
    AssignmentRestrictions.render(doc, apiVersion);
    return doc;
  }
}
