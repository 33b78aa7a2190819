package dev.operators.identity.operator.azure;

import java.util.List;

/**
 * The federated identity credentials of one user-assigned identity. Throws {@link
 * AzureRequestException} when Azure refuses or cannot be reached. Azure refuses concurrent writes
 * on one identity (409 ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity): call
 * the writes of one identity one at a time.
 */
public interface FederatedCredentialPort {

  /** Every credential of the identity (all pages). */
  List<FederatedCredential> list(IdentityRef identity);

  /** Creates or replaces the credential under its name (a PUT: repeating it is harmless). */
  FederatedCredential put(IdentityRef identity, FederatedCredential credential);

  /** Deletes the credential; false when there was nothing to delete. */
  boolean delete(IdentityRef identity, String name);
}
