package dev.operators.identity.operator.regional;

import dev.operators.identity.api.v1alpha1.RegionalIdentitySet;
import dev.operators.identity.api.v1alpha1.UserAssignedIdentity;

/** Writes of a set's regional identities: the Kubernetes side of carrying out a plan. */
interface RegionalChildren {

  /**
   * Creates the regional identity, or makes an existing one of the set's (found by name) match it.
   * False when a UserAssignedIdentity of that name exists that the set does not control: it is left
   * alone.
   */
  boolean create(RegionalIdentitySet set, UserAssignedIdentity desired);

  /** Overwrites the identity's spec, labels and owner reference with the desired ones. */
  void update(UserAssignedIdentity desired);

  /** Deletes the identity (its finalizer then cleans Azure up). */
  void delete(UserAssignedIdentity child);
}
