package dev.operators.identity.operator.azure;

import dev.operators.identity.api.v1alpha1.IsolationScope;
import java.util.Map;

/** The writable part of an identity: what a create or an update sends to Azure. */
public record DesiredIdentity(
    String location, IsolationScope isolationScope, Map<String, String> tags) {

  public DesiredIdentity {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}
