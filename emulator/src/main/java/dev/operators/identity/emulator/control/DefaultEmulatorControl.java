package dev.operators.identity.emulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.EmulatorControl;
import dev.operators.identity.emulator.FaultRule;
import dev.operators.identity.emulator.IdentityProviderThrottling;
import dev.operators.identity.emulator.RecordedRequest;
import dev.operators.identity.emulator.ThrottlingConfig;
import dev.operators.identity.emulator.arm.AccessDenials;
import dev.operators.identity.emulator.arm.ArmIds;
import dev.operators.identity.emulator.arm.ArmRouter;
import dev.operators.identity.emulator.arm.AsyncOperations;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.arm.ResourceRoute;
import dev.operators.identity.emulator.arm.ResourceTypeHandler;
import dev.operators.identity.emulator.arm.ThrottlingPolicy;
import dev.operators.identity.emulator.authorization.AuthorizationProvider;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.Json;
import dev.operators.identity.emulator.resources.ResourceGroupHandler;
import dev.operators.identity.emulator.resources.ResourceStore;
import dev.operators.identity.emulator.resources.StoredResource;
import dev.operators.identity.emulator.resources.UserAssignedIdentityHandler;
import java.util.List;
import java.util.Optional;

/** {@link EmulatorControl} over the emulator's state, faults, log and throttling. */
public final class DefaultEmulatorControl implements EmulatorControl {
  private final EmulatorState state;
  private final FaultInjector faults;
  private final RequestLog log;
  private final ThrottlingPolicy throttling;
  private final AsyncOperations operations;
  private final ResourceGroupHandler resourceGroups;
  private final UserAssignedIdentityHandler identities;
  private final ArmRouter router;
  private final AuthorizationProvider authorization;

  public DefaultEmulatorControl(
      EmulatorState state,
      FaultInjector faults,
      RequestLog log,
      ThrottlingPolicy throttling,
      AsyncOperations operations,
      ResourceGroupHandler resourceGroups,
      UserAssignedIdentityHandler identities,
      ArmRouter router,
      AuthorizationProvider authorization) {
    this.state = state;
    this.faults = faults;
    this.log = log;
    this.throttling = throttling;
    this.operations = operations;
    this.resourceGroups = resourceGroups;
    this.identities = identities;
    this.router = router;
    this.authorization = authorization;
  }

  @Override
  public FaultRule injectFault(FaultRule rule) {
    return faults.add(rule);
  }

  @Override
  public void clearFaults() {
    faults.clear();
  }

  @Override
  public List<RecordedRequest> heldRequests() {
    return faults.held().list();
  }

  @Override
  public void releaseHeldRequests() {
    faults.held().releaseAll();
  }

  List<FaultRule> faults() {
    return faults.active();
  }

  RequestLog log() {
    return log;
  }

  @Override
  public List<RecordedRequest> requests() {
    return log.all();
  }

  @Override
  public long count(String method, String pathRegex) {
    return log.count(method, pathRegex, r -> true);
  }

  @Override
  public long countSucceeded(String method, String pathRegex) {
    return log.count(method, pathRegex, RecordedRequest::succeeded);
  }

  @Override
  public void clearRequests() {
    log.clear();
  }

  @Override
  public void setThrottling(ThrottlingConfig config) {
    throttling.reconfigure(config);
  }

  @Override
  public void setIdentityProviderThrottling(IdentityProviderThrottling config) {
    throttling.reconfigureIdentityProvider(java.util.Objects.requireNonNull(config, "config"));
  }

  @Override
  public List<JsonNode> federatedCredentials(String identityId) {
    return List.copyOf(identities.federatedCredentials(identityId));
  }

  @Override
  public void setFederatedCredentialLockDuration(java.time.Duration duration) {
    identities.federatedCredentialLockDuration(duration);
  }

  @Override
  public void createResourceGroup(String subscriptionId, String name, String location) {
    String subscription = requireSubscription(subscriptionId);
    ObjectNode body = Json.object().put("location", location);
    unchecked(() -> resourceGroups.upsert(subscription, name, body, new boolean[1]));
  }

  @Override
  public JsonNode putResource(String armId, JsonNode body) {
    ArmIds.Parsed id = ArmIds.parse(armId);
    String subscription = requireSubscription(id.subscriptionId());
    if (id.namespace() == null) {
      return unchecked(
          () ->
              resourceGroups.render(
                  resourceGroups.upsert(subscription, id.name(), body, new boolean[1])));
    }
    String group =
        state
            .resourceGroup(subscription, id.resourceGroup())
            .map(StoredResource::name)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Resource group '" + id.resourceGroup() + "' does not exist"));
    Optional<ResourceTypeHandler> handler = router.typeHandler(id.fullType());
    if (handler.isPresent()) {
      ResourceRoute route =
          new ResourceRoute(
              subscription,
              group,
              handler.get().namespace(),
              handler.get().type(),
              id.name(),
              List.of());
      return unchecked(() -> handler.get().render(handler.get().seed(route, body)));
    }
    return genericPut(armId, id, body);
  }

  /** Types without a handler are stored as given, with id, name and type filled in. */
  private JsonNode genericPut(String armId, ArmIds.Parsed id, JsonNode body) {
    ObjectNode doc = body == null ? Json.object() : body.deepCopy();
    doc.put("id", armId);
    doc.put("name", id.name());
    doc.put("type", id.fullType());
    state.store().put(new StoredResource(armId, id.fullType(), doc, state.now(), null));
    return doc.deepCopy();
  }

  @Override
  public Optional<JsonNode> getResource(String armId) {
    operations.completeDue();
    return state.store().get(armId).map(this::render);
  }

  private JsonNode render(StoredResource resource) {
    if (resource.type().equalsIgnoreCase(ArmIds.RESOURCE_GROUP_TYPE)) {
      return resourceGroups.render(resource);
    }
    return router
        .typeHandler(resource.type())
        .map(h -> (JsonNode) h.render(resource))
        .orElseGet(resource::copy);
  }

  @Override
  public boolean deleteResource(String armId) {
    ArmIds.Parsed id = ArmIds.parse(armId);
    if (id.namespace() == null) {
      return resourceGroups.deleteNow(id.subscriptionId(), id.name());
    }
    state.store().removeUnder(armId);
    return state.store().remove(armId).isPresent();
  }

  @Override
  public List<JsonNode> listResources(String type) {
    operations.completeDue();
    return state.store().list(type, null).stream().map(this::render).toList();
  }

  @Override
  public List<JsonNode> listResourcesWithIdentity(String identityId) {
    operations.completeDue();
    String wanted = ResourceStore.key(identityId);
    return state.store().all().stream()
        .filter(
            r -> {
              var keys = r.document().path("identity").path("userAssignedIdentities").fieldNames();
              while (keys.hasNext()) {
                if (ResourceStore.key(keys.next()).equals(wanted)) {
                  return true;
                }
              }
              return false;
            })
        .map(this::render)
        .toList();
  }

  @Override
  public void setRoleAssignmentListingLag(java.time.Duration lag) {
    state.roleAssignmentListingLag(lag);
  }

  @Override
  public void setAsyncOperationDuration(java.time.Duration duration) {
    state.asyncOperationDuration(java.util.Objects.requireNonNull(duration, "duration"));
  }

  @Override
  public void denyAction(String actionRegex, String scopePrefix) {
    state.denials().deny(actionRegex, scopePrefix);
  }

  @Override
  public void clearDenials() {
    state.denials().clear();
  }

  List<AccessDenials.Denial> denials() {
    return state.denials().active();
  }

  @Override
  public void createManagementGroup(String id) {
    createManagementGroup(id, null, List.of());
  }

  @Override
  public void createManagementGroup(String id, String parentId, List<String> subscriptionIds) {
    AuthorizationProvider.createManagementGroup(state, id, parentId, subscriptionIds);
  }

  @Override
  public List<JsonNode> roleAssignments() {
    return AuthorizationProvider.roleAssignments(state);
  }

  @Override
  public JsonNode putRoleAssignment(String assignmentId, JsonNode body) {
    return unchecked(() -> authorization.seedAssignment(assignmentId, body));
  }

  @Override
  public void addPrincipal(String objectId, String principalType) {
    String type =
        AuthorizationProvider.PRINCIPAL_TYPES.stream()
            .filter(t -> t.equalsIgnoreCase(principalType))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException("Unknown principal type '" + principalType + "'"));
    state.directory().put(objectId, type, java.time.Instant.EPOCH);
  }

  @Override
  public void removePrincipal(String objectId) {
    state.directory().remove(objectId);
  }

  /** Every stored resource as ARM returns it. */
  List<JsonNode> allResources() {
    operations.completeDue();
    return state.store().all().stream().map(this::render).toList();
  }

  /** What else a reset empties (Microsoft Graph's directory). */
  private final List<Runnable> alsoReset = new java.util.concurrent.CopyOnWriteArrayList<>();

  public void alsoReset(Runnable reset) {
    alsoReset.add(reset);
  }

  @Override
  public void reset() {
    alsoReset.forEach(Runnable::run);
    state.store().clear();
    state.directory().clear();
    state.denials().clear();
    state.roleAssignmentListingLag(java.time.Duration.ZERO);
    operations.clear();
    identities.clearFederatedCredentialLocks();
    faults.clear();
    log.clear();
    throttling.refill();
  }

  private String requireSubscription(String subscriptionId) {
    return state
        .subscription(subscriptionId)
        .orElseThrow(
            () -> new IllegalArgumentException("Unknown subscription '" + subscriptionId + "'"));
  }

  private static <T> T unchecked(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (ArmException e) {
      throw new IllegalArgumentException(e.code + ": " + e.getMessage(), e);
    }
  }
}
