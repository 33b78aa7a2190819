package dev.operators.identity.operator.azure;

import java.util.List;

/**
 * The federated identity credentials of one user-assigned identity. Throws {@link
 * AzureRequestException} when Azure refuses or cannot be reached. Azure refuses concurrent writes
 * on one identity (409 ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity): call
 * the writes of one identity one at a time. Flexible credentials (a claims-matching expression)
 * need an api-version that has the expression; the adapter picks it.
 */
public interface FederatedCredentialPort {

  /**
   * Every credential of the identity (all pages). {@code showExpressions}: read with an api-version
   * that shows claims-matching expressions; without it, a flexible credential is listed with
   * neither subject nor expression.
   */
  List<FederatedCredential> list(IdentityRef identity, boolean showExpressions);

  /**
   * The credentials as a recent listing of the identity, while it has this principal, showed them
   * (with the operator's writes since): a view may answer from a listing up to its audit period
   * old; this default reads afresh. Decide no delete on it: {@link #list} reads afresh.
   */
  default List<FederatedCredential> listRecent(
      IdentityRef identity, String principalId, boolean showExpressions) {
    return list(identity, showExpressions);
  }

  /** Creates or replaces the credential under its name (a PUT: repeating it is harmless). */
  FederatedCredential put(IdentityRef identity, FederatedCredential credential);

  /** Deletes the credential; false when there was nothing to delete. */
  boolean delete(IdentityRef identity, String name);
}
