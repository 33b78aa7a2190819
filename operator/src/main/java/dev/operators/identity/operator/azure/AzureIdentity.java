package dev.operators.identity.operator.azure;

import dev.operators.identity.api.v1alpha1.IsolationScope;
import java.util.Map;

/** A user-assigned identity as Azure holds it. */
public record AzureIdentity(
    String resourceId,
    String name,
    String location,
    IsolationScope isolationScope,
    Map<String, String> tags,
    String principalId,
    String clientId,
    String tenantId) {

  public AzureIdentity {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    isolationScope = isolationScope == null ? IsolationScope.None : isolationScope;
  }
}
