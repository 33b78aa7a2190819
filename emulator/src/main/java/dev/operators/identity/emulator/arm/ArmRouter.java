package dev.operators.identity.emulator.arm;

import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import dev.operators.identity.emulator.resources.ResourceGroupHandler;
import dev.operators.identity.emulator.resources.StoredResource;
import dev.operators.identity.emulator.resources.SubscriptionHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Routes an authenticated ARM request: subscriptions, resource groups, operation results, and
 * resource-provider types (by namespace and type, case-insensitive) to their {@link
 * ResourceTypeHandler}. Checks api-versions and resource-group existence the way ARM does before a
 * request reaches a resource provider.
 */
public final class ArmRouter {
  private final EmulatorState state;
  private final SubscriptionHandler subscriptions;
  private final ResourceGroupHandler resourceGroups;
  private final AsyncOperations operations;
  private final Map<String, ResourceTypeHandler> types = new LinkedHashMap<>();
  private final GenericResourceListing genericResources;
  private final List<ScopedExtension> extensions =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** GET /subscriptions/{s}/providers[/{namespace}] (provider metadata); set by AssigneeBridge. */
  public interface ProviderMetadata {
    ArmResponse get(ArmRequest request, String subscriptionId, String namespace);
  }

  public ProviderMetadata providerMetadata;

  public ArmRouter(
      EmulatorState state,
      SubscriptionHandler subscriptions,
      ResourceGroupHandler resourceGroups,
      AsyncOperations operations,
      List<ResourceTypeHandler> typeHandlers) {
    this.state = state;
    this.subscriptions = subscriptions;
    this.resourceGroups = resourceGroups;
    this.operations = operations;
    typeHandlers.forEach(h -> types.put(typeKey(h.namespace(), h.type()), h));
    this.genericResources =
        new GenericResourceListing(
            state,
            resource ->
                typeHandler(resource.type())
                    .map(h -> h.render(resource))
                    .orElseGet(resource::copy));
  }

  private static String typeKey(String namespace, String type) {
    return (namespace + "/" + type).toLowerCase(Locale.ROOT);
  }

  /** Registers an extension provider served at any scope (asked before the router's own routes). */
  public void addExtension(ScopedExtension extension) {
    extensions.add(extension);
  }

  public Optional<ResourceTypeHandler> typeHandler(String fullType) {
    return Optional.ofNullable(types.get(fullType.toLowerCase(Locale.ROOT)));
  }

  /**
   * The resource type a path addresses (for the request log), e.g.
   * "Microsoft.Resources/resourceGroups".
   */
  public static String resourceType(List<String> s) {
    if (s.isEmpty() || !s.get(0).equalsIgnoreCase("subscriptions")) {
      return s.isEmpty() ? "" : s.get(0);
    }
    int providers = -1;
    for (int i = 0; i < s.size(); i++) {
      if (s.get(i).equalsIgnoreCase("providers")) {
        providers = i;
      }
    }
    if (providers >= 0
        && providers + 4 < s.size()
        && s.get(providers + 4).equalsIgnoreCase("federatedIdentityCredentials")) {
      // The one child type whose requests are counted apart from their parent's.
      return s.get(providers + 1) + "/" + s.get(providers + 2) + "/" + s.get(providers + 4);
    }
    if (providers >= 0 && providers + 2 < s.size()) {
      return s.get(providers + 1) + "/" + s.get(providers + 2);
    }
    if ((s.size() == 3 || s.size() == 5) && s.get(s.size() - 1).equalsIgnoreCase("resources")) {
      return "Microsoft.Resources/resources";
    }
    if (s.size() >= 3 && s.get(2).equalsIgnoreCase("resourcegroups")) {
      return ArmIds.RESOURCE_GROUP_TYPE;
    }
    if (s.size() >= 3 && s.get(2).equalsIgnoreCase("operationresults")) {
      return "Microsoft.Resources/operationResults";
    }
    return "Microsoft.Resources/subscriptions";
  }

  ArmResponse route(ArmRequest request) {
    state.denials().check(request);
    for (ScopedExtension extension : extensions) {
      if (extension.handles(request)) {
        return extension.handle(request);
      }
    }
    List<String> s = request.segments;
    if (s.size() == 1 && request.lower(0).equals("subscriptions")) {
      checkResourcesApiVersion(request);
      return subscriptions.list(request);
    }
    if (!request.lower(0).equals("subscriptions")) {
      throw ArmErrors.notFound(request.path);
    }
    String subscriptionId = state.subscription(s.get(1)).orElseThrow();
    if (s.size() == 2) {
      checkResourcesApiVersion(request);
      return subscriptions.get(request, subscriptionId);
    }
    String third = request.lower(2);
    if (third.equals("locations") && s.size() == 3) {
      checkResourcesApiVersion(request);
      return subscriptions.locations(request, subscriptionId);
    }
    if (third.equals("operationresults") && s.size() == 4) {
      return operationResult(request, s.get(3));
    }
    if (third.equals("resources") && s.size() == 3) {
      checkResourcesApiVersion(request);
      return genericResources.list(request, ArmIds.subscription(subscriptionId));
    }
    if (third.equals("resourcegroups") && s.size() == 5 && request.lower(4).equals("resources")) {
      checkResourcesApiVersion(request);
      StoredResource group =
          state
              .resourceGroup(subscriptionId, s.get(3))
              .orElseThrow(() -> ArmErrors.resourceGroupNotFound(s.get(3)));
      return genericResources.list(request, group.id());
    }
    if (third.equals("resourcegroups") && s.size() <= 4) {
      checkResourcesApiVersion(request);
      return resourceGroups.handle(request, subscriptionId, s.size() == 4 ? s.get(3) : null);
    }
    if (third.equals("providers") && s.size() <= 4 && providerMetadata != null) {
      checkResourcesApiVersion(request);
      return providerMetadata.get(request, subscriptionId, s.size() == 4 ? s.get(3) : null);
    }
    if (third.equals("providers") && s.size() >= 5) {
      return provider(request, subscriptionId, null, s.subList(3, s.size()));
    }
    if (third.equals("resourcegroups") && request.lower(4).equals("providers") && s.size() >= 7) {
      return provider(request, subscriptionId, s.get(3), s.subList(5, s.size()));
    }
    throw ArmErrors.notFound(request.path);
  }

  private static void checkResourcesApiVersion(ArmRequest request) {
    if (!ApiVersions.supports(ApiVersions.RESOURCES, request.apiVersion())) {
      throw ArmErrors.invalidApiVersion(request.apiVersion(), ApiVersions.RESOURCES);
    }
  }

  /** {@code tail} = {namespace, type[, name[, ...]]}. */
  private ArmResponse provider(
      ArmRequest request, String subscriptionId, String resourceGroup, List<String> tail) {
    String namespace = tail.get(0);
    String type = tail.get(1);
    ResourceTypeHandler handler = types.get(typeKey(namespace, type));
    if (handler == null) {
      boolean knownNamespace =
          types.values().stream().anyMatch(h -> h.namespace().equalsIgnoreCase(namespace));
      if (knownNamespace) {
        throw ArmErrors.invalidResourceType(type, namespace, request.apiVersion());
      }
      throw ArmErrors.invalidResourceNamespace(namespace);
    }
    String name = tail.size() > 2 ? tail.get(2) : null;
    if (!ApiVersions.supports(handler.apiVersions(), request.apiVersion())) {
      throw ArmErrors.noRegisteredProvider(
          locationForApiVersionError(request, subscriptionId, resourceGroup),
          request.apiVersion(),
          handler.type(),
          handler.apiVersions(),
          state.config().orderedLocations());
    }
    if (resourceGroup != null) {
      String requestedGroup = resourceGroup;
      resourceGroup =
          state
              .resourceGroup(subscriptionId, requestedGroup)
              .filter(
                  group ->
                      !group
                          .document()
                          .path("properties")
                          .path("provisioningState")
                          .asText()
                          .equals("Deleting"))
              .map(StoredResource::name)
              .orElseThrow(() -> ArmErrors.resourceGroupNotFound(requestedGroup));
    }
    ResourceRoute route =
        new ResourceRoute(
            subscriptionId,
            resourceGroup,
            handler.namespace(),
            handler.type(),
            name,
            tail.size() > 3 ? tail.subList(3, tail.size()) : List.of());
    return handler.handle(request, route);
  }

  private String locationForApiVersionError(
      ArmRequest request, String subscriptionId, String resourceGroup) {
    if (request.body.length > 0) {
      try {
        String location = Json.text(request.jsonBody(), "location");
        if (location != null) {
          return location.replace(" ", "").toLowerCase(Locale.ROOT);
        }
      } catch (ArmException ignored) {
        // fall through
      }
    }
    if (resourceGroup != null) {
      return state
          .resourceGroup(subscriptionId, resourceGroup)
          .map(StoredResource::location)
          .orElse("global");
    }
    return "global";
  }

  private ArmResponse operationResult(ArmRequest request, String operationId) {
    var operation =
        operations
            .poll(operationId)
            .orElseThrow(
                () ->
                    new ArmException(
                        404,
                        "OperationNotFound",
                        "The operation '" + operationId + "' could not be found."));
    if (operations.done(operation)) {
      return ArmResponse.empty(200);
    }
    return ArmResponse.empty(202)
        .header(
            "Location",
            AsyncOperations.locationUrl(
                state, operation, Optional.ofNullable(request.apiVersion()).orElse("2025-04-01")))
        .header("Retry-After", Integer.toString(AsyncOperations.RETRY_AFTER_SECONDS));
  }
}
