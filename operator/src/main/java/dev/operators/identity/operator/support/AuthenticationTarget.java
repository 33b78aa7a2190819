package dev.operators.identity.operator.support;

import java.util.Map;

/**
 * A service of the document's second section: one that accepts Azure AD tokens, which a managed
 * identity authenticates <em>to</em>. Never a resource an identity is attached to, so never
 * consulted by {@link ManagedIdentitySupport#userAssigned}.
 *
 * @param service the service's heading in the document
 * @param targetOnly always true: marks the entry as a target, not a source
 * @param resourceIds the token audience(s) per cloud, where the document gives one
 * @param status the availability per cloud
 * @param note remarks on the transcription; may be null
 */
public record AuthenticationTarget(
    String service,
    boolean targetOnly,
    Map<String, String> resourceIds,
    Map<String, String> status,
    String note) {

  public AuthenticationTarget {
    resourceIds = resourceIds == null ? Map.of() : Map.copyOf(resourceIds);
    status = status == null ? Map.of() : Map.copyOf(status);
  }
}
