package dev.operators.identity.emulator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.operators.identity.emulator.arm.ApiVersions;
import dev.operators.identity.emulator.arm.ArmErrors;
import dev.operators.identity.emulator.arm.EmulatorState;
import dev.operators.identity.emulator.arm.IdentityProviderThrottle;
import dev.operators.identity.emulator.arm.IdentityProviderThrottle.Operation;
import dev.operators.identity.emulator.arm.Paging;
import dev.operators.identity.emulator.arm.ResourceRoute;
import dev.operators.identity.emulator.http.ArmException;
import dev.operators.identity.emulator.http.ArmRequest;
import dev.operators.identity.emulator.http.ArmResponse;
import dev.operators.identity.emulator.http.Json;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials, the child of an
 * identity ({@code .../userAssignedIdentities/{name}/federatedIdentityCredentials[/{fic}]}, in the
 * api-versions of {@link ApiVersions#FEDERATED_IDENTITY_CREDENTIALS}): GET, PUT (201 created, 200
 * updated), DELETE (200 deleted, 204 absent) and the list ({@code $top}, {@code $skiptoken}, {@code
 * nextLink}). The credentials are stored under their identity and go with it. Every operation on a
 * missing identity answers ARM's 404 {@code ResourceNotFound} for the identity. Writes of one
 * identity's credentials are serialised by {@link CredentialWriteLocks}; the rules are {@link
 * FederatedCredentialRules}.
 */
final class FederatedIdentityCredentials {
  static final String TYPE = "federatedIdentityCredentials";
  static final String FULL_TYPE = UserAssignedIdentityHandler.FULL_TYPE + "/" + TYPE;

  /** Azure's code for overlapping writes (Azure/bicep-registry-modules#1447). */
  static final String CONCURRENT_WRITES_CODE =
      "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity";

  private final EmulatorState state;
  private final IdentityProviderThrottle throttle;
  private final CredentialWriteLocks locks = new CredentialWriteLocks();

  FederatedIdentityCredentials(EmulatorState state, IdentityProviderThrottle throttle) {
    this.state = state;
    this.throttle = throttle;
  }

  CredentialWriteLocks locks() {
    return locks;
  }

  /**
   * Serves {@code route.rest() = [federatedIdentityCredentials(, name)]} under the identity {@code
   * route.name()}.
   */
  ArmResponse handle(ArmRequest request, ResourceRoute route, String identityId) {
    String apiVersion = request.apiVersion();
    if (route.rest().size() > 2) {
      throw ArmErrors.invalidResourceType(
          UserAssignedIdentityHandler.TYPE + "/" + TYPE + "/" + route.rest().get(2),
          UserAssignedIdentityHandler.NAMESPACE,
          apiVersion);
    }
    if (!ApiVersions.supports(ApiVersions.FEDERATED_IDENTITY_CREDENTIALS, apiVersion)) {
      throw ArmErrors.noRegisteredProvider(
          state
              .resourceGroup(route.subscriptionId(), route.resourceGroup())
              .map(StoredResource::location)
              .orElse("global"),
          apiVersion,
          UserAssignedIdentityHandler.TYPE + "/" + TYPE,
          ApiVersions.FEDERATED_IDENTITY_CREDENTIALS,
          state.config().orderedLocations());
    }
    String subscription = route.subscriptionId();
    String tenant = state.config().tenantId();
    if (route.rest().size() == 1) {
      if (!request.method.equals("GET")) {
        throw ArmErrors.methodNotAllowed(request.method);
      }
      throttle.check(Operation.LIST, subscription, tenant, null);
      StoredResource identity = identity(route, identityId);
      return ArmResponse.of(
          200, Paging.pageWithTop(state, request, list(identity.id()), r -> render(r, apiVersion)));
    }
    String name = route.rest().get(1);
    Operation operation =
        switch (request.method) {
          case "GET" -> Operation.READ;
          case "PUT", "DELETE" -> Operation.WRITE; // a credential's write counts as its identity's
          default -> throw ArmErrors.methodNotAllowed(request.method);
        };
    throttle.check(operation, subscription, tenant, identityId);
    return switch (request.method) {
      case "GET" -> ArmResponse.of(200, render(existing(route, identityId, name), apiVersion));
      case "PUT" -> put(route, identityId, name, request.jsonBody(), apiVersion);
      default -> delete(route, identityId, name);
    };
  }

  /** An identity's credentials as the newest api-version returns them (control API). */
  List<ObjectNode> listed(String identityId) {
    return list(identityId).stream().map(StoredResource::copy).toList();
  }

  /** Removes an identity's credentials and forgets its lock (the identity is being deleted). */
  void removeAll(String identityId) {
    list(identityId).forEach(credential -> state.store().remove(credential.id()));
    locks.forget(ResourceStore.key(identityId));
  }

  private List<StoredResource> list(String identityId) {
    return state.store().list(FULL_TYPE, identityId);
  }

  private StoredResource identity(ResourceRoute route, String identityId) {
    return state
        .store()
        .get(identityId)
        .filter(r -> r.type().equalsIgnoreCase(UserAssignedIdentityHandler.FULL_TYPE))
        .orElseThrow(
            () ->
                ArmErrors.resourceNotFound(
                    UserAssignedIdentityHandler.FULL_TYPE, route.name(), route.resourceGroup()));
  }

  private StoredResource existing(ResourceRoute route, String identityId, String name) {
    FederatedCredentialRules.checkName(name);
    StoredResource identity = identity(route, identityId);
    return state
        .store()
        .get(credentialId(identity, name))
        .orElseThrow(
            () ->
                ArmErrors.resourceNotFound(
                    UserAssignedIdentityHandler.FULL_TYPE,
                    identity.name() + "/" + TYPE + "/" + name,
                    route.resourceGroup()));
  }

  private ArmResponse put(
      ResourceRoute route, String identityId, String name, JsonNode body, String apiVersion) {
    FederatedCredentialRules.checkName(name);
    ObjectNode properties = FederatedCredentialRules.properties(body, apiVersion);
    StoredResource identity = identity(route, identityId);
    boolean[] created = {false};
    StoredResource written =
        underLock(identity, () -> write(identity, name, properties, created), result -> true);
    return ArmResponse.of(created[0] ? 201 : 200, render(written, apiVersion));
  }

  /** Creates or replaces a credential, under its identity's lock: unique pair, at most 20. */
  private StoredResource write(
      StoredResource identity, String name, ObjectNode properties, boolean[] created) {
    String id = credentialId(identity, name);
    List<StoredResource> others =
        list(identity.id()).stream().filter(r -> !r.key().equals(ResourceStore.key(id))).toList();
    boolean taken =
        others.stream()
            .anyMatch(
                r ->
                    FederatedCredentialRules.sameIssuerAndSubject(
                        properties, r.document().path("properties")));
    if (taken) {
      throw FederatedCredentialRules.duplicate();
    }
    return state
        .store()
        .compute(
            id,
            old -> {
              if (old == null && others.size() >= FederatedCredentialRules.MAX_PER_IDENTITY) {
                throw FederatedCredentialRules.limitReached(identity.id());
              }
              created[0] = old == null;
              ObjectNode doc = old == null ? Json.object() : old.copy();
              doc.put("id", old == null ? id : old.id());
              doc.put("name", old == null ? name : old.name());
              doc.put("type", FULL_TYPE);
              doc.set("properties", properties);
              return old == null
                  ? new StoredResource(id, FULL_TYPE, doc, state.now(), null)
                  : old.withDocument(doc);
            })
        .orElseThrow();
  }

  private ArmResponse delete(ResourceRoute route, String identityId, String name) {
    FederatedCredentialRules.checkName(name);
    StoredResource identity = identity(route, identityId);
    boolean deleted =
        underLock(
            identity,
            () -> state.store().remove(credentialId(identity, name)).isPresent(),
            removed -> removed);
    return ArmResponse.empty(deleted ? 200 : 204);
  }

  /**
   * Runs a write under the identity's credential lock, or answers Azure's 409; a write that changed
   * something (by {@code changed}) keeps the lock for its hold, a refused one none.
   */
  private <T> T underLock(StoredResource identity, Supplier<T> write, Predicate<T> changed) {
    CredentialWriteLocks.Held held =
        locks.tryAcquire(identity.key(), state.now()).orElseThrow(() -> concurrentWrites(identity));
    boolean wrote = false;
    try {
      T result = write.get();
      wrote = changed.test(result);
      return result;
    } finally {
      locks.release(held, wrote);
    }
  }

  /**
   * Azure's 409, worded as quoted in Azure/bicep-registry-modules#1447 and
   * kubernetes-sigs/cluster-api-provider-azure#5397: the identity's id with the fixed segments in
   * lower case, its names as created.
   */
  private static ArmException concurrentWrites(StoredResource identity) {
    String[] s = identity.id().split("/");
    String id =
        "/subscriptions/"
            + s[2]
            + "/resourcegroups/"
            + s[4]
            + "/providers/microsoft.managedidentity/userassignedidentities/"
            + s[8];
    return new ArmException(
        409,
        CONCURRENT_WRITES_CODE,
        "Too many Federated Identity Credentials are written concurrently for the managed"
            + " identity '"
            + id
            + "'. Concurrent Federated Identity Credentials writes under the same managed identity"
            + " are not supported.");
  }

  private static String credentialId(StoredResource identity, String name) {
    return identity.id() + "/" + TYPE + "/" + name;
  }

  private static ObjectNode render(StoredResource credential, String apiVersion) {
    ObjectNode doc = credential.copy();
    if (!FederatedCredentialRules.hasClaimsMatching(apiVersion)
        && doc.get("properties") instanceof ObjectNode properties) {
      properties.remove("claimsMatchingExpression");
    }
    return doc;
  }
}
