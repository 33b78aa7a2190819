package dev.operators.identity.operator.azure;

import java.util.List;
import java.util.Optional;

/**
 * Azure's user-assigned identities, as the reconciler needs them. Every method is idempotent and
 * throws {@link AzureRequestException} when Azure refuses or cannot be reached.
 */
public interface IdentityPort {

  /**
   * The identity, or empty when it (or its resource group) does not exist. May be answered from a
   * listing at most one resync period old ({@code azure.view}); use {@link #findFresh} before a
   * delete.
   */
  Optional<AzureIdentity> find(IdentityRef ref);

  /** The identity read afresh (one GET, never from a listing): before any delete. */
  default Optional<AzureIdentity> findFresh(IdentityRef ref) {
    return find(ref);
  }

  /**
   * Every identity of the resource group, or of the whole subscription when {@code resourceGroup}
   * is null (all pages: one read per page).
   */
  List<AzureIdentity> list(String subscriptionId, String resourceGroup);

  /** Creates the identity, or replaces its writable properties when it exists (ARM PUT). */
  AzureIdentity createOrReplace(IdentityRef ref, DesiredIdentity desired);

  /** Updates tags and isolation scope of an existing identity in place (ARM PATCH). */
  AzureIdentity update(IdentityRef ref, DesiredIdentity desired);

  /** Deletes the identity; false when there was nothing to delete. */
  boolean delete(IdentityRef ref);
}
