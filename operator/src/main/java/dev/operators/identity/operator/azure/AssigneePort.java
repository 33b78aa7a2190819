package dev.operators.identity.operator.azure;

import java.util.Optional;

/**
 * Azure resources of any type that carry managed identities. Attach and detach touch only the given
 * identity in the resource's identity block; every other identity stays. Both are idempotent and
 * follow long-running operations to completion.
 */
public interface AssigneePort {

  /** The resource, or empty when it does not exist. */
  Optional<AssigneeResource> find(String resourceId);

  /** Adds the user-assigned identity to the resource. */
  AssigneeResource attach(String resourceId, String identityId);

  /** Removes the user-assigned identity from the resource. */
  AssigneeResource detach(String resourceId, String identityId);
}
