package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.arm.ApiVersions;
import dev.operators.identity.emulator.arm.ArmErrors;
import dev.operators.identity.emulator.arm.ArmRouter;
import dev.operators.identity.emulator.arm.AsyncOperations;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.arm.ResourceRoute;
import dev.operators.identity.emulator.arm.ResourceTypeHandler;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Connects the assignee resource types ({@link AssigneeResources}: VMs, scale sets, web sites,
 * container apps, their operation-status endpoints and provider metadata) to the emulator: its
 * store, regions, long-running operations and router.
 */
public final class AssigneeBridge implements AssigneeHost {
  private final EmulatorState state;
  private final AsyncOperations operations;
  private final AssigneeResources resources;
  private ArmRouter router;

  public AssigneeBridge(EmulatorState state, AsyncOperations operations) {
    this.state = state;
    this.operations = operations;
    this.resources = new AssigneeResources(this, new ProviderCatalog());
  }

  /** The handlers to register: the four types and the Compute / App operation endpoints. */
  public List<ResourceTypeHandler> handlers() {
    List<ResourceTypeHandler> handlers = new ArrayList<>();
    for (AssigneeType type : AssigneeType.values()) {
      handlers.add(new TypeHandler(type));
    }
    handlers.add(new LocationsHandler("Microsoft.Compute"));
    handlers.add(new LocationsHandler("Microsoft.App"));
    return handlers;
  }

  /** Serves provider metadata through the router once it exists. */
  public void attach(ArmRouter router) {
    this.router = router;
    router.providerMetadata = this::providers;
  }

  ArmResponse providers(ArmRequest request, String subscriptionId, String namespace) {
    if (!request.method.equals("GET")) {
      throw ArmErrors.methodNotAllowed(request.method);
    }
    return call(
        () ->
            ArmResponse.of(
                200,
                namespace == null
                    ? resources.catalog().providers(this, subscriptionId)
                    : resources.catalog().provider(this, subscriptionId, namespace)));
  }

  private static ArmResponse call(Supplier<ArmResponse> action) {
    try {
      return action.get();
    } catch (AssigneeError e) {
      ArmException error = new ArmException(e.status(), e.code(), e.getMessage());
      e.headers().forEach(error::header);
      throw error;
    }
  }

  private static ArmResponse toResponse(AssigneeReply reply) {
    ArmResponse response =
        reply.body() == null
            ? ArmResponse.empty(reply.status())
            : ArmResponse.of(reply.status(), reply.body());
    reply.headers().forEach(response::header);
    return response;
  }

  private static AssigneeCall toCall(ArmRequest request, ResourceRoute route) {
    JsonNode body =
        request.method.equals("PUT") || request.method.equals("PATCH") ? request.jsonBody() : null;
    return new AssigneeCall(
        request.method,
        request.path,
        route.subscriptionId(),
        route.resourceGroup(),
        route.name(),
        route.rest(),
        request.apiVersion(),
        request.query,
        request::header,
        body);
  }

  private final class TypeHandler implements ResourceTypeHandler {
    private final AssigneeType type;

    TypeHandler(AssigneeType type) {
      this.type = type;
    }

    @Override
    public String namespace() {
      return type.namespace();
    }

    @Override
    public String type() {
      return type.type();
    }

    @Override
    public List<String> apiVersions() {
      return resources.apiVersions(type);
    }

    @Override
    public ArmResponse handle(ArmRequest request, ResourceRoute route) {
      return call(() -> toResponse(resources.handle(type, toCall(request, route))));
    }

    @Override
    public StoredResource seed(ResourceRoute route, JsonNode body) {
      try {
        ObjectNode doc =
            resources.seed(type, route.subscriptionId(), route.resourceGroup(), route.name(), body);
        return state.store().get(doc.path("id").asText()).orElseThrow();
      } catch (AssigneeError e) {
        throw new ArmException(e.status(), e.code(), e.getMessage());
      }
    }

    @Override
    public ObjectNode render(StoredResource resource) {
      return resource.copy();
    }
  }

  /** {namespace}/locations/{l}/operations|containerappOperationStatuses|...Results/{id}. */
  private final class LocationsHandler implements ResourceTypeHandler {
    private final String namespace;

    LocationsHandler(String namespace) {
      this.namespace = namespace;
    }

    @Override
    public String namespace() {
      return namespace;
    }

    @Override
    public String type() {
      return "locations";
    }

    @Override
    public List<String> apiVersions() {
      return resources.locationApiVersions(namespace);
    }

    @Override
    public ArmResponse handle(ArmRequest request, ResourceRoute route) {
      return call(() -> toResponse(resources.handleLocations(namespace, toCall(request, route))));
    }

    @Override
    public StoredResource seed(ResourceRoute route, JsonNode body) {
      throw new ArmException(400, "BadRequest", "locations cannot be seeded");
    }

    @Override
    public ObjectNode render(StoredResource resource) {
      return resource.copy();
    }
  }

  // ------------------------------------------------------------------ AssigneeHost

  @Override
  public Optional<ObjectNode> get(String armId) {
    return state.store().get(armId).map(StoredResource::copy);
  }

  @Override
  public Optional<ObjectNode> compute(
      String armId, String fullType, UnaryOperator<ObjectNode> update) {
    return state
        .store()
        .compute(
            armId,
            old -> {
              ObjectNode next = update.apply(old == null ? null : old.copy());
              if (next == null) {
                return null;
              }
              return old == null
                  ? new StoredResource(
                      next.path("id").asText(armId), fullType, next, state.now(), null)
                  : old.withDocument(next);
            })
        .map(StoredResource::copy);
  }

  @Override
  public List<ObjectNode> list(String fullType, String scopeId) {
    return state.store().list(fullType, scopeId).stream().map(StoredResource::copy).toList();
  }

  @Override
  public Optional<String> normaliseLocation(String location) {
    return state.location(location);
  }

  @Override
  public List<String> locations() {
    return state.config().orderedLocations();
  }

  @Override
  public String tenantId() {
    return state.config().tenantId();
  }

  @Override
  public String baseUrl() {
    return state.baseUrl().toString();
  }

  @Override
  public Instant now() {
    return state.now();
  }

  @Override
  public Duration asyncOperationDuration() {
    return state.asyncOperationDuration();
  }

  @Override
  public String startOperation(String subscriptionId, Duration duration, Runnable completion) {
    return operations.start(subscriptionId, duration, completion).id();
  }

  @Override
  public Optional<List<String>> servedApiVersions(String fullType) {
    if (fullType.toLowerCase(java.util.Locale.ROOT).startsWith("microsoft.resources/")) {
      return Optional.of(ApiVersions.RESOURCES);
    }
    if (router == null) {
      return Optional.empty();
    }
    return router
        .typeHandler(fullType)
        .filter(h -> !(h instanceof TypeHandler) && !(h instanceof LocationsHandler))
        .map(ResourceTypeHandler::apiVersions);
  }
}
