package dev.operators.identity.operator.azure.sdk;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonWriter;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.UserAssignedIdentitiesClient;
import com.azure.resourcemanager.msi.fluent.models.IdentityInner;
import dev.operators.identity.api.v1alpha1.IsolationScope;
import dev.operators.identity.operator.azure.AzureIdentity;
import dev.operators.identity.operator.azure.AzureRequestException;
import dev.operators.identity.operator.azure.DesiredIdentity;
import dev.operators.identity.operator.azure.IdentityPort;
import dev.operators.identity.operator.azure.IdentityRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link IdentityPort} on azure-resourcemanager-msi. Reads and deletes go through the typed client;
 * writes go through the manager's own pipeline because the typed model drops {@code
 * properties.isolationScope} when it serialises (the reply is still parsed with the SDK's model).
 */
public final class SdkIdentityAdapter implements IdentityPort {

  /** The first stable api-version with {@code isolationScope}; the one the SDK itself uses. */
  static final String API_VERSION = "2024-11-30";

  private final AzureSdk sdk;
  private final Map<String, MsiManager> managers = new ConcurrentHashMap<>();

  public SdkIdentityAdapter(AzureSdk sdk) {
    this.sdk = sdk;
  }

  @Override
  public Optional<AzureIdentity> find(IdentityRef ref) {
    try {
      IdentityInner inner =
          identities(ref)
              .getByResourceGroupWithResponse(ref.resourceGroup(), ref.name(), Context.NONE)
              .getValue();
      return Optional.of(toIdentity(inner));
    } catch (RuntimeException e) {
      AzureRequestException error = AzureErrors.translate("read identity " + ref, e);
      if (error.isNotFound()) {
        return Optional.empty();
      }
      throw error;
    }
  }

  @Override
  public List<AzureIdentity> list(String subscriptionId, String resourceGroup) {
    String where =
        resourceGroup == null
            ? "subscription " + subscriptionId
            : "resource group " + resourceGroup + " of subscription " + subscriptionId;
    try {
      UserAssignedIdentitiesClient identities =
          manager(subscriptionId).serviceClient().getUserAssignedIdentities();
      return (resourceGroup == null
              ? identities.list(Context.NONE)
              : identities.listByResourceGroup(resourceGroup, Context.NONE))
          .stream().map(SdkIdentityAdapter::toIdentity).toList();
    } catch (RuntimeException e) {
      throw AzureErrors.translate("list identities of " + where, e);
    }
  }

  @Override
  public AzureIdentity createOrReplace(IdentityRef ref, DesiredIdentity desired) {
    String body =
        ArmRequests.json(
            writer -> {
              writer.writeStartObject();
              writer.writeStringField("location", desired.location());
              writeTags(writer, desired.tags());
              writeIsolationScope(writer, desired.isolationScope());
              writer.writeEndObject();
            });
    return send(HttpMethod.PUT, ref, body, "create identity " + ref);
  }

  @Override
  public AzureIdentity update(IdentityRef ref, DesiredIdentity desired) {
    String body =
        ArmRequests.json(
            writer -> {
              writer.writeStartObject();
              writeTags(writer, desired.tags());
              writeIsolationScope(writer, desired.isolationScope());
              writer.writeEndObject();
            });
    return send(HttpMethod.PATCH, ref, body, "update identity " + ref);
  }

  @Override
  public boolean delete(IdentityRef ref) {
    try {
      int status =
          identities(ref)
              .deleteWithResponse(ref.resourceGroup(), ref.name(), Context.NONE)
              .getStatusCode();
      return status != 204;
    } catch (RuntimeException e) {
      AzureRequestException error = AzureErrors.translate("delete identity " + ref, e);
      if (error.isNotFound()) {
        return false;
      }
      throw error;
    }
  }

  private AzureIdentity send(HttpMethod method, IdentityRef ref, String body, String operation) {
    MsiManager manager = manager(ref.subscriptionId());
    String url = ArmRequests.url(manager.serviceClient().getEndpoint(), ref.path(), API_VERSION);
    HttpRequest request =
        new HttpRequest(method, url)
            .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
            .setBody(body);
    try (HttpResponse response =
        manager.serviceClient().getHttpPipeline().sendSync(request, Context.NONE)) {
      if (response.getStatusCode() / 100 != 2) {
        throw AzureErrors.fromResponse(operation, response);
      }
      try (JsonReader reader =
          JsonProviders.createReader(response.getBodyAsBinaryData().toBytes())) {
        return toIdentity(IdentityInner.fromJson(reader));
      }
    } catch (IOException e) {
      throw AzureErrors.translate(operation, new UncheckedIOException(e));
    } catch (RuntimeException e) {
      throw AzureErrors.translate(operation, e);
    }
  }

  private UserAssignedIdentitiesClient identities(IdentityRef ref) {
    return manager(ref.subscriptionId()).serviceClient().getUserAssignedIdentities();
  }

  private MsiManager manager(String subscriptionId) {
    return managers.computeIfAbsent(
        subscriptionId, sub -> MsiManager.authenticate(sdk.pipeline(), sdk.profile(sub)));
  }

  private static AzureIdentity toIdentity(IdentityInner inner) {
    return new AzureIdentity(
        inner.id(),
        inner.name(),
        inner.location(),
        inner.isolationScope() == null
            ? IsolationScope.None
            : IsolationScope.valueOf(inner.isolationScope().toString()),
        inner.tags(),
        text(inner.principalId()),
        text(inner.clientId()),
        text(inner.tenantId()));
  }

  private static void writeTags(JsonWriter writer, Map<String, String> tags) throws IOException {
    writer.writeMapField("tags", tags, JsonWriter::writeString);
  }

  private static void writeIsolationScope(JsonWriter writer, IsolationScope scope)
      throws IOException {
    writer.writeStartObject("properties");
    writer.writeStringField("isolationScope", scope.name());
    writer.writeEndObject();
  }

  private static String text(UUID uuid) {
    return uuid == null ? null : uuid.toString();
  }
}
