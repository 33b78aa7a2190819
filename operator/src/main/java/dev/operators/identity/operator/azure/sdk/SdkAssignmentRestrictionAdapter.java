package dev.operators.identity.operator.azure.sdk;

import com.azure.core.http.HttpMethod;
import com.azure.resourcemanager.msi.MsiManager;
import dev.operators.identity.operator.azure.AssignmentRestrictionPort;
import dev.operators.identity.operator.azure.IdentityRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AssignmentRestrictionPort} through the resource manager's pipeline: the typed SDK
 * (2024-11-30) has no {@code properties.assignmentRestrictions}, which the 2025-05-31-preview
 * api-version defines. Only an identity that declares restrictions is read or written this way.
 */
public final class SdkAssignmentRestrictionAdapter implements AssignmentRestrictionPort {

  /** The first api-version with {@code properties.assignmentRestrictions}. */
  static final String API_VERSION = "2025-05-31-preview";

  private final AzureSdk sdk;
  private final Map<String, MsiManager> managers = new ConcurrentHashMap<>();

  public SdkAssignmentRestrictionAdapter(AzureSdk sdk) {
    this.sdk = sdk;
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<String> restrictions(IdentityRef identity) {
    String operation = "read the assignment restrictions of " + identity;
    Map<String, Object> body = send(HttpMethod.GET, identity, null, operation);
    List<String> providers = new ArrayList<>();
    if (body.get("properties") instanceof Map<?, ?> properties
        && properties.get("assignmentRestrictions") instanceof Map<?, ?> restrictions
        && restrictions.get("providers") instanceof List<?> list) {
      ((List<Object>) list).forEach(p -> providers.add(String.valueOf(p)));
    }
    return providers;
  }

  @Override
  public void setRestrictions(IdentityRef identity, List<String> providers) {
    String body =
        ArmRequests.json(
            writer -> {
              writer.writeStartObject();
              writer.writeStartObject("properties");
              writer.writeStartObject("assignmentRestrictions");
              writer.writeArrayField("providers", providers, (w, p) -> w.writeString(p));
              writer.writeEndObject();
              writer.writeEndObject();
              writer.writeEndObject();
            });
    send(HttpMethod.PATCH, identity, body, "set the assignment restrictions of " + identity);
  }

  private Map<String, Object> send(
      HttpMethod method, IdentityRef identity, String body, String operation) {
    MsiManager manager = manager(identity.subscriptionId());
    return ArmRequests.send(
        manager.serviceClient().getHttpPipeline(),
        method,
        ArmRequests.url(manager.serviceClient().getEndpoint(), identity.path(), API_VERSION),
        body,
        operation);
  }

  private MsiManager manager(String subscriptionId) {
    return managers.computeIfAbsent(
        subscriptionId.toLowerCase(Locale.ROOT),
        sub -> MsiManager.authenticate(sdk.pipeline(), sdk.profile(subscriptionId)));
  }
}
