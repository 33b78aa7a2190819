package dev.operators.identity.operator.azure.sdk;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.models.ProviderResourceType;
import dev.operators.identity.operator.azure.ArmId;
import dev.operators.identity.operator.azure.AssigneeChange;
import dev.operators.identity.operator.azure.AssigneePort;
import dev.operators.identity.operator.azure.AssigneeResource;
import dev.operators.identity.operator.azure.AzureLocations;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.IdentityTypes;
import dev.operators.identity.operator.azure.PendingOperation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AssigneePort} for every resource type with an ARM identity block. The API version of each
 * type comes from its provider's metadata (typed providers API, cached). Reads and PATCHes go
 * through the resource manager's pipeline because the typed generic-resource model cannot carry
 * every provider's {@code identity.type} spelling (Container Apps write "SystemAssigned,
 * UserAssigned" without a space) nor a {@code null} entry that removes one identity. A long-running
 * PATCH is not waited for: it is answered as running and checked on a later pass with azure-core's
 * polling strategies ({@link OperationPolls}). Writes carry {@code If-Match} when the resource has
 * an ETag, and are retried on a fresh read when someone else changed it in between.
 */
public final class SdkAssigneeAdapter implements AssigneePort {

  static final Duration API_VERSION_CACHE = Duration.ofHours(1);
  private static final int CONCURRENT_CHANGE_RETRIES = 3;
  private static final HttpHeaderName IF_MATCH = HttpHeaderName.IF_MATCH;

  private record CachedVersion(String apiVersion, Instant expires) {}

  private record Read(AssigneeResource resource, String etag) {}

  private final AzureSdk sdk;
  private final Clock clock;
  private final Map<String, ResourceManager> managers = new ConcurrentHashMap<>();
  private final Map<String, CachedVersion> apiVersions = new ConcurrentHashMap<>();

  public SdkAssigneeAdapter(AzureSdk sdk, Clock clock) {
    this.sdk = sdk;
    this.clock = clock;
  }

  @Override
  public Optional<AssigneeResource> find(String resourceId) {
    return read(resourceId).map(Read::resource);
  }

  /**
   * Through the typed generic-resource listing ({@code GET /subscriptions/{s}/resources}), whose
   * entries carry each resource's identity block: one read per page, whatever the types.
   */
  @Override
  public List<AssigneeResource> listCarryingUserAssignedIdentities(String subscriptionId) {
    String operation = "list the resources of subscription " + subscriptionId;
    try {
      return managerOf(subscriptionId)
          .serviceClient()
          .getResources()
          .list(null, null, null, Context.NONE)
          .stream()
          .filter(
              r ->
                  r.identity() != null
                      && r.identity().userAssignedIdentities() != null
                      && !r.identity().userAssignedIdentities().isEmpty())
          .map(
              r ->
                  new AssigneeResource(
                      r.id(),
                      r.type(),
                      r.location() == null ? null : AzureLocations.normalize(r.location()),
                      r.identity().type() == null ? null : r.identity().type().toString(),
                      List.copyOf(r.identity().userAssignedIdentities().keySet())))
          .toList();
    } catch (RuntimeException e) {
      throw AzureErrors.translate(operation, e);
    }
  }

  @Override
  public AssigneeChange attach(String resourceId, String identityId) {
    return change(resourceId, identityId, true);
  }

  @Override
  public AssigneeChange detach(String resourceId, String identityId) {
    return change(resourceId, identityId, false);
  }

  @Override
  public AssigneeChange check(String resourceId, PendingOperation operation) {
    String what = "the change of " + resourceId;
    OperationPolls.Look look =
        OperationPolls.look(
            pipeline(resourceId),
            manager(resourceId).serviceClient().getEndpoint(),
            url(resourceId),
            operation,
            what);
    if (look.running()) {
      return new AssigneeChange.Running(operation, look.retryAfter());
    }
    return new AssigneeChange.Done(
        read(resourceId).map(Read::resource).orElseThrow(() -> notFound(what, resourceId)));
  }

  private static AzureRequestException notFound(String operation, String resourceId) {
    return new AzureRequestException(
        operation,
        404,
        "ResourceNotFound",
        "The resource " + resourceId + " was not found",
        null,
        null,
        null);
  }

  private AssigneeChange change(String resourceId, String identityId, boolean attach) {
    String operation = (attach ? "attach identity to " : "detach identity from ") + resourceId;
    for (int attempt = 0; ; attempt++) {
      Read current = read(resourceId).orElseThrow(() -> notFound(operation, resourceId));
      AssigneeResource resource = current.resource();
      if (resource.carries(identityId) == attach) {
        return new AssigneeChange.Done(resource);
      }
      int remaining = resource.userAssignedIdentityIds().size() + (attach ? 1 : -1);
      String type =
          attach
              ? IdentityTypes.withUserAssigned(resource.identityType(), resource.type())
              : IdentityTypes.afterRemoval(resource.identityType(), remaining, resource.type());
      Optional<AssigneeChange.Running> running;
      try {
        running = patchIdentity(resourceId, identityId, attach, type, current.etag(), operation);
      } catch (AzureRequestException e) {
        if (e.statusCode() == 412 && attempt < CONCURRENT_CHANGE_RETRIES) {
          continue; // changed by someone else since the read: read again, change again
        }
        throw e;
      }
      if (running.isPresent()) {
        return running.get();
      }
      return new AssigneeChange.Done(
          read(resourceId).map(Read::resource).orElseThrow(() -> notFound(operation, resourceId)));
    }
  }

  private Optional<Read> read(String resourceId) {
    String operation = "read " + resourceId;
    HttpRequest request = new HttpRequest(HttpMethod.GET, url(resourceId));
    try (HttpResponse response = pipeline(resourceId).sendSync(request, Context.NONE)) {
      if (response.getStatusCode() == 404) {
        return Optional.empty();
      }
      if (response.getStatusCode() / 100 != 2) {
        throw AzureErrors.fromResponse(operation, response);
      }
      Map<String, Object> body = ArmRequests.parse(response.getBodyAsBinaryData().toBytes());
      String etag = response.getHeaderValue(HttpHeaderName.ETAG);
      if (etag == null && body.get("etag") instanceof String bodyEtag) {
        etag = bodyEtag;
      }
      return Optional.of(new Read(toResource(resourceId, body), etag));
    } catch (RuntimeException e) {
      throw AzureErrors.translate(operation, e);
    }
  }

  /** The PATCH; the operation to check later when Azure carries it out asynchronously. */
  private Optional<AssigneeChange.Running> patchIdentity(
      String resourceId,
      String identityId,
      boolean attach,
      String type,
      String etag,
      String operation) {
    // Removing the last user-assigned identity is a change of type alone: Azure refuses a
    // userAssignedIdentities map next to None or SystemAssigned.
    boolean typeOnly = !attach && !type.toLowerCase(Locale.ROOT).contains("userassigned");
    String body =
        ArmRequests.json(
            writer -> {
              writer.writeStartObject();
              writer.writeStartObject("identity");
              writer.writeStringField("type", type);
              if (!typeOnly) {
                writer.writeStartObject("userAssignedIdentities");
                if (attach) {
                  writer.writeStartObject(identityId).writeEndObject();
                } else {
                  writer.writeNullField(identityId);
                }
                writer.writeEndObject();
              }
              writer.writeEndObject();
              writer.writeEndObject();
            });
    HttpRequest request =
        new HttpRequest(HttpMethod.PATCH, url(resourceId))
            .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
            .setBody(body);
    if (etag != null) {
      request.setHeader(IF_MATCH, etag);
    }
    try (HttpResponse response = pipeline(resourceId).sendSync(request, Context.NONE)) {
      if (response.getStatusCode() / 100 != 2) {
        throw AzureErrors.fromResponse(operation, response);
      }
      return OperationPolls.started(response.getStatusCode(), response.getHeaders())
          .map(
              started ->
                  new AssigneeChange.Running(
                      started, OperationPolls.retryAfter(response.getHeaders())));
    } catch (RuntimeException e) {
      throw AzureErrors.translate(operation, e);
    }
  }

  private String url(String resourceId) {
    return ArmRequests.url(
        manager(resourceId).serviceClient().getEndpoint(),
        ResourceType.of(resourceId).id().path(),
        apiVersion(resourceId));
  }

  /** The newest stable API version of the resource's type (newest preview when none is stable). */
  String apiVersion(String resourceId) {
    ResourceType type = ResourceType.of(resourceId);
    String key = (type.subscriptionId() + "|" + type.fullName()).toLowerCase(Locale.ROOT);
    CachedVersion cached = apiVersions.get(key);
    if (cached != null && cached.expires().isAfter(clock.instant())) {
      return cached.apiVersion();
    }
    String operation = "read provider metadata of " + type.namespace();
    List<String> versions;
    try {
      versions =
          manager(resourceId).providers().getByName(type.namespace()).resourceTypes().stream()
              .filter(t -> t.resourceType().equalsIgnoreCase(type.typeName()))
              .findFirst()
              .map(ProviderResourceType::apiVersions)
              .orElseThrow(
                  () ->
                      new AzureRequestException(
                          operation,
                          400,
                          "UnsupportedResourceType",
                          "Provider "
                              + type.namespace()
                              + " has no resource type "
                              + type.typeName(),
                          null,
                          null,
                          null));
    } catch (RuntimeException e) {
      throw AzureErrors.translate(operation, e);
    }
    String chosen =
        versions.stream()
            .filter(v -> !v.toLowerCase(Locale.ROOT).contains("preview"))
            .max(Comparator.naturalOrder())
            .orElseGet(() -> versions.stream().max(Comparator.naturalOrder()).orElseThrow());
    apiVersions.put(key, new CachedVersion(chosen, clock.instant().plus(API_VERSION_CACHE)));
    return chosen;
  }

  private HttpPipeline pipeline(String resourceId) {
    return manager(resourceId).serviceClient().getHttpPipeline();
  }

  private ResourceManager manager(String resourceId) {
    return managerOf(ResourceType.of(resourceId).subscriptionId());
  }

  private ResourceManager managerOf(String subscription) {
    return managers.computeIfAbsent(
        subscription.toLowerCase(Locale.ROOT),
        sub ->
            ResourceManager.authenticate(sdk.pipeline(), sdk.profile(subscription))
                .withSubscription(subscription));
  }

  @SuppressWarnings("unchecked")
  private static AssigneeResource toResource(String resourceId, Map<String, Object> body) {
    String identityType = null;
    List<String> userAssigned = new ArrayList<>();
    if (body.get("identity") instanceof Map<?, ?> identity) {
      identityType = identity.get("type") instanceof String t ? t : null;
      if (identity.get("userAssignedIdentities") instanceof Map<?, ?> map) {
        ((Map<String, Object>) map).keySet().forEach(userAssigned::add);
      }
    }
    return new AssigneeResource(
        body.get("id") instanceof String id ? id : resourceId,
        body.get("type") instanceof String t ? t : ResourceType.of(resourceId).fullName(),
        body.get("location") instanceof String l ? AzureLocations.normalize(l) : null,
        identityType,
        userAssigned);
  }

  /** The parsed resource ID with its subscription, provider namespace and (child) type. */
  record ResourceType(ArmId id, String subscriptionId, String namespace, String typeName) {
    static ResourceType of(String resourceId) {
      ArmId id = ArmId.forRequest(resourceId, ArmId.Shape.AZURE_RESOURCE, "address " + resourceId);
      return new ResourceType(id, id.subscriptionId().orElseThrow(), id.namespace(), id.typeName());
    }

    String fullName() {
      return namespace + "/" + typeName;
    }
  }
}
