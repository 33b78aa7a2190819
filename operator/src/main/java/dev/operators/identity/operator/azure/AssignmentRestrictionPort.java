package dev.operators.identity.operator.azure;

import java.util.List;

/**
 * An identity's assignment restrictions: the resource providers and types that may carry it (empty:
 * any). Throws {@link AzureRequestException} when Azure refuses or cannot be reached.
 */
public interface AssignmentRestrictionPort {

  /** The identity's restrictions as Azure holds them. */
  List<String> restrictions(IdentityRef identity);

  /** Replaces the identity's restrictions (a PATCH of that property alone). */
  void setRestrictions(IdentityRef identity, List<String> providers);
}
