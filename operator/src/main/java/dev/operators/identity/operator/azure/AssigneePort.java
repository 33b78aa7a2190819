package dev.operators.identity.operator.azure;

import java.util.List;
import java.util.Optional;

/**
 * Azure resources of any type that carry managed identities. Attach and detach touch only the given
 * identity in the resource's identity block; every other identity stays. Both are idempotent and
 * never wait for a long-running operation: one that Azure carries out asynchronously is answered as
 * {@link AssigneeChange.Running}, to be checked on a later pass. Throws {@link
 * AzureRequestException} when Azure refuses, cannot be reached, or reports the operation failed.
 */
public interface AssigneePort {

  /**
   * The resource, or empty when it does not exist. May be answered from a listing at most one
   * resync period old ({@code azure.view}); use {@link #findFresh} where a detach is decided.
   */
  Optional<AssigneeResource> find(String resourceId);

  /** The resource read afresh (one GET, never from a listing). */
  default Optional<AssigneeResource> findFresh(String resourceId) {
    return find(resourceId);
  }

  /**
   * Every resource of the subscription whose identity block carries at least one user-assigned
   * identity, from ARM's generic resource listing (one read per page of every resource of the
   * subscription, whatever its type).
   */
  List<AssigneeResource> listCarryingUserAssignedIdentities(String subscriptionId);

  /** Adds the user-assigned identity to the resource. */
  AssigneeChange attach(String resourceId, String identityId);

  /** Removes the user-assigned identity from the resource. */
  AssigneeChange detach(String resourceId, String identityId);

  /** One look at an operation started earlier (one request, no waiting). */
  AssigneeChange check(String resourceId, PendingOperation operation);
}
