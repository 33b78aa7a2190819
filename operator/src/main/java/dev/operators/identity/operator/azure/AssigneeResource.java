package dev.operators.identity.operator.azure;

import java.util.List;
import java.util.Locale;

/**
 * An Azure resource as far as its managed identities go: its type, region, and identity block.
 *
 * @param identityType the block's {@code type} as the provider spells it (null when absent)
 */
public record AssigneeResource(
    String id,
    String type,
    String location,
    String identityType,
    List<String> userAssignedIdentityIds) {

  public AssigneeResource {
    userAssignedIdentityIds = List.copyOf(userAssignedIdentityIds);
  }

  public boolean systemAssigned() {
    return identityType != null && identityType.toLowerCase(Locale.ROOT).contains("systemassigned");
  }

  /** ARM IDs compare case-insensitively. */
  public boolean carries(String identityId) {
    return userAssignedIdentityIds.stream().anyMatch(id -> id.equalsIgnoreCase(identityId));
  }

  /**
   * Code on the resource that asks IMDS for a token without naming an identity fails when there is
   * no system-assigned identity and more than one user-assigned one.
   */
  public boolean hasAmbiguousDefaultIdentity() {
    return !systemAssigned() && userAssignedIdentityIds.size() > 1;
  }
}
